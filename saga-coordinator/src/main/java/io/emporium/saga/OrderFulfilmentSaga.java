package io.emporium.saga;

import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY;
import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.CommitReservation;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReservationClosed;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.ReserveStock;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReservationRejected;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.ConfirmOrder;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.RejectOrder;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.AuthorizePayment;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.RefundPayment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.messaging.Scope;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One order's way from placement to confirmation, and back out of it when anything fails. One saga per order,
 * associated on the order id only.
 *
 * <table>
 *   <caption>Steps, what follows when they succeed, and what undoes them</caption>
 *   <tr><th>step</th><th>on success</th><th>compensation</th></tr>
 *   <tr><td>{@code OrderPlaced}: {@code ReserveStock} for every line</td>
 *       <td>when every line is {@code StockReserved}: {@code AuthorizePayment} for the sum of the reserved unit
 *       prices times quantities, with the order's token; the payment deadline starts</td>
 *       <td>{@code StockReservationRejected}: {@code RejectOrder} {@code OUT_OF_STOCK} naming the SKU and
 *       quantities, and once {@code OrderRejected} arrives, release the lines reserved and the lines not answered
 *       yet (answered by {@code StockReleased}, or {@code ReservationClosed} when the release came first); an unknown
 *       SKU: {@code RejectOrder} {@code UNKNOWN_PRODUCT}; a reservation of a line counted as not reserved is released
 *       on arrival</td></tr>
 *   <tr><td>{@code AuthorizePayment}</td>
 *       <td>{@code PaymentAuthorized}: {@code ConfirmOrder}</td>
 *       <td>{@code PaymentDeclined}: {@code RejectOrder} {@code PAYMENT_DECLINED} with the provider's reason,
 *       then release every line. No answer by the payment deadline: {@code RejectOrder} {@code PAYMENT_TIMEOUT},
 *       then release every line; an authorization arriving after that is refunded in full</td></tr>
 *   <tr><td>{@code ConfirmOrder}</td>
 *       <td>{@code OrderConfirmed}: {@code CommitReservation} for every line; the saga ends when every
 *       {@code ReservationCommitted} has arrived. A cancel is refused from then on by the order itself</td>
 *       <td>refused because the order was cancelled meanwhile: nothing is done then; the {@code OrderCancelled}
 *       event releases the stock and refunds the payment</td></tr>
 *   <tr><td>{@code OrderCancelled} (the customer) while pending</td>
 *       <td>&mdash;</td>
 *       <td>release every reserved line and every line not answered yet, refund an authorized payment in full</td></tr>
 * </table>
 *
 * <p>The saga never waits for a command (decision 0032). It sends it ({@link CommandDelivery}, after its unit of work
 * commits, retried with backoff) and goes on with the next event; the command's decision reaches it as the event the
 * target applies ({@code StockReserved}, {@code OrderConfirmed}, {@code StockReleased}...), or, when the command was
 * refused, found no target or could not be delivered within its retries, as its {@link #COMMAND_FAILED} deadline.
 * Until its answer has arrived a command is <em>pending</em> in the saga's state (a line {@code REQUESTED},
 * {@code RELEASING} or {@code COMMITTING}, a payment {@code REFUNDING}, an order command {@code CONFIRMING} or
 * {@code REJECTING}), and the saga's {@link #WATCHDOG} deadline sends every pending command again each
 * {@code emporium.saga.resend-interval}: a command lost in a crash, or one still undelivered after its retries, is
 * never dropped. Every command is idempotent, so sending it again repeats nothing that matters.
 *
 * <p>The order decides first (decision 0019): a rejection's compensations are sent only once {@code OrderRejected}
 * has arrived, so nothing is released or refunded for an order that is not rejected.
 *
 * <p>Once its order has ended without confirmation, the saga stays until nothing is outstanding any more: a
 * reservation still in flight is released when it arrives, an authorization still outstanding is refunded (or its
 * decline noted). It waits for those answers at most {@code emporium.saga.late-answer-window} (24 h by default),
 * then ends and logs what never came; a compensation still pending then keeps it alive until it is done.
 *
 * <p>The state is stored as JSON by Axon's Jackson serializer: fields only; the injected resources are transient
 * and never stored.
 */
@Saga
@ProcessingGroup(OrderFulfilmentSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = ANY, getterVisibility = NONE, isGetterVisibility = NONE, setterVisibility = NONE,
        creatorVisibility = NONE)
public class OrderFulfilmentSaga {

    /** The processing group, and the name of the pooled streaming processor that runs this saga. */
    public static final String PROCESSING_GROUP = "order-fulfilment";
    /** The deadline by which the payment provider must have answered. */
    public static final String PAYMENT_DEADLINE = "payment-answer";
    /** The deadline after which an ended order's saga stops waiting for late answers. */
    public static final String LATE_ANSWER_DEADLINE = "late-answer-window";
    /** The deadline that sends every pending command again. */
    public static final String WATCHDOG = "resend-pending-commands";
    /** The deadline that brings a command's failure (refused, no target, not delivered) into the saga. */
    public static final String COMMAND_FAILED = "command-failed";
    /** The only association of this saga. */
    public static final String ASSOCIATION = "orderId";

    static final int MAX_REASON_LENGTH = 500;

    private static final Logger log = LoggerFactory.getLogger(OrderFulfilmentSaga.class);

    /** Where a line stands, as far as the saga knows. */
    enum LineStatus {
        /** No ReserveStock was sent for it (the order failed before). */
        NOT_SENT,
        /** ReserveStock was sent; its answer has not arrived yet. */
        REQUESTED,
        RESERVED,
        /** Nothing was set aside: rejected, unknown SKU or refused. */
        NOT_RESERVED,
        /** ReleaseStock was sent; StockReleased has not arrived yet. */
        RELEASING,
        RELEASED,
        /** CommitReservation was sent; ReservationCommitted has not arrived yet. */
        COMMITTING,
        COMMITTED
    }

    enum Stage {
        RESERVING,
        AUTHORIZING,
        /** The payment is authorized and ConfirmOrder sent. */
        CONFIRMING,
        /** The order ended (or is being rejected) without confirmation: compensate, and wait for what is outstanding. */
        WINDING_DOWN
    }

    enum PaymentState {
        NOT_REQUESTED,
        /** AuthorizePayment was sent (or may have been applied); no answer yet. */
        REQUESTED,
        AUTHORIZED,
        DECLINED,
        /** RefundPayment was sent; PaymentRefunded has not arrived yet. */
        REFUNDING,
        REFUNDED,
        /** The refund was refused by the payment; logged, nothing more the saga can do. */
        REFUND_REFUSED
    }

    /** The command to the order that the saga waits to see decided. */
    enum OrderCommand {
        NONE,
        /** ConfirmOrder was sent; OrderConfirmed has not arrived yet. */
        CONFIRMING,
        /** RejectOrder was sent; OrderRejected has not arrived yet. */
        REJECTING
    }

    /** One order line: quantity, the saga's view of its reservation, and the unit price it was reserved at. */
    record Line(int quantity, LineStatus status, Money unitPrice) {

        Line withStatus(LineStatus newStatus) {
            return new Line(quantity, newStatus, unitPrice);
        }
    }

    @Autowired
    @JsonIgnore
    private transient CommandDelivery commands;
    @Autowired
    @JsonIgnore
    private transient DeadlineManager deadlines;
    @Autowired
    @JsonIgnore
    private transient SagaProperties settings;

    private String orderId;
    private String paymentMethodToken;
    private Stage stage;
    /** The order's status as this saga knows it from the order's events: PENDING until one of them ended it. */
    private OrderStatus orderStatus;
    private OrderCommand orderCommand = OrderCommand.NONE;
    /** By SKU, in the order's line order. */
    private Map<String, Line> lines = new LinkedHashMap<>();
    private String paymentId;
    private PaymentState payment = PaymentState.NOT_REQUESTED;
    private Money authorizedAmount;
    /** The saga's own rejection, while it is pending: sent again as it was. */
    private RejectionCause rejectionCause;
    private String rejectionReason;
    /** Why the order ended, as given to the compensations. */
    private String endReason;
    private String paymentDeadlineId;
    private String lateAnswerDeadlineId;
    private String watchdogId;

    // Axon creates sagas through this constructor; Jackson restores their fields through it too.
    public OrderFulfilmentSaga() {
    }

    // ---- step 1: reserve stock for every line ---------------------------------------------------------------------

    @StartSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(OrderPlaced event) {
        if (orderId != null) {
            log.info("Order {}: OrderPlaced handled again; this saga already started, nothing to do", orderId);
            return;
        }
        orderId = event.orderId();
        paymentMethodToken = event.paymentMethodToken();
        paymentId = event.paymentId();
        stage = Stage.RESERVING;
        orderStatus = OrderStatus.PENDING;
        log.info("Order {}: saga started, reserving {} line(s)", orderId, event.lines().size());
        for (OrderLine line : event.lines()) {
            lines.put(line.sku(), new Line(line.quantity(), LineStatus.REQUESTED, null));
            send(new ReserveStock(line.sku(), orderId, line.quantity()), line.sku());
        }
    }

    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(StockReserved event) {
        Line line = lines.get(event.sku());
        if (line == null || (line.status() != LineStatus.REQUESTED && line.status() != LineStatus.NOT_RESERVED)) {
            log.info("Order {}: StockReserved for SKU {} ignored; the line is {}", orderId, event.sku(),
                    line == null ? "not part of the order" : line.status());
            return;
        }
        // A line taken as not reserved can still be reserved by a command sent again: that stock is held for this
        // order, and it is given back below like any reservation that arrives after the order ended.
        lines.put(event.sku(), new Line(line.quantity(), LineStatus.RESERVED, event.unitPrice()));
        if (stage == Stage.WINDING_DOWN) {
            if (orderHasEnded()) {
                // compensation of step 1: a reservation that arrives after the order ended is given back at once
                log.warn("Order {}: SKU {} was reserved after the order ended; releasing it", orderId, event.sku());
                release(event.sku());
            }
            // else the rejection is pending, and OrderRejected releases every reserved line
            endWhenSettled();
        } else if (stage == Stage.RESERVING && allLinesAre(LineStatus.RESERVED)) {
            requestPayment();
        }
    }

    /** Compensation of step 1: a line that cannot be reserved rejects the order and releases the others. */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(StockReservationRejected event) {
        Line line = lines.get(event.sku());
        if (line != null && line.status() == LineStatus.RELEASING && line.unitPrice() == null) {
            // Released before its reservation was answered: the refusal is the answer, nothing is held, and the
            // item's ledger answers the release with nothing (decision 0041), so this is the release's outcome too.
            setStatus(event.sku(), LineStatus.RELEASED);
            endWhenSettled();
            return;
        }
        if (line == null || line.status() != LineStatus.REQUESTED) {
            log.info("Order {}: StockReservationRejected for SKU {} ignored; the line is {}", orderId, event.sku(),
                    line == null ? "not part of the order" : line.status());
            return;
        }
        setStatus(event.sku(), LineStatus.NOT_RESERVED);
        if (stage == Stage.RESERVING) {
            reject(RejectionCause.OUT_OF_STOCK, "SKU " + event.sku() + " out of stock: " + event.requested()
                    + " requested, " + event.available() + " available");
        } else {
            endWhenSettled();
        }
    }

    // ---- step 2: authorize the payment ----------------------------------------------------------------------------

    private void requestPayment() {
        Money total;
        try {
            total = reservedTotal();
        } catch (IllegalArgumentException mixedCurrencies) {
            reject(RejectionCause.OTHER, "the reserved lines are priced in different currencies "
                    + currenciesOfReservedLines() + "; an order is paid in one currency");
            return;
        } catch (ArithmeticException overflow) {
            reject(RejectionCause.OTHER, "the order's total is beyond the largest amount that can be paid");
            return;
        }
        stage = Stage.AUTHORIZING;
        payment = PaymentState.REQUESTED;
        log.info("Order {}: every line reserved; authorizing payment {} for {}", orderId, paymentId, total);
        send(new AuthorizePayment(paymentId, orderId, total, paymentMethodToken), null);
        // The payment deadline is also the watchdog of AuthorizePayment: a request lost on its way ends as a timeout.
        paymentDeadlineId = deadlines.schedule(settings.paymentTimeout(), PAYMENT_DEADLINE, orderId);
    }

    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(PaymentAuthorized event) {
        if (payment != PaymentState.REQUESTED) {
            log.info("Order {}: PaymentAuthorized ignored; the payment is {}", orderId, payment);
            return;
        }
        payment = PaymentState.AUTHORIZED;
        authorizedAmount = event.amount();
        cancelPaymentDeadline();
        if (stage == Stage.AUTHORIZING) {
            confirm();
        } else if (orderHasEnded()) {
            // compensation of step 2: an authorization that arrives after the order ended is refunded at once
            log.warn("Order {}: payment {} authorized after the order ended ({}); refunding {}", orderId, paymentId,
                    endReason, authorizedAmount);
            refund();
            endWhenSettled();
        }
        // else the rejection is pending, and OrderRejected refunds the authorization
    }

    /** Compensation of step 2: a declined payment rejects the order with its reason, then releases every line. */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(PaymentDeclined event) {
        if (payment != PaymentState.REQUESTED) {
            log.info("Order {}: PaymentDeclined ignored; the payment is {}", orderId, payment);
            return;
        }
        payment = PaymentState.DECLINED;
        cancelPaymentDeadline();
        if (stage == Stage.AUTHORIZING) {
            reject(RejectionCause.PAYMENT_DECLINED, "payment declined: " + event.reason());
        } else {
            endWhenSettled();
        }
    }

    /** Compensation of step 2: no answer from the payment provider in time. */
    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    void paymentDeadlinePassed() {
        paymentDeadlineId = null;
        if (stage != Stage.AUTHORIZING || payment != PaymentState.REQUESTED) {
            log.info("Order {}: payment deadline passed with the saga {} and the payment {}; nothing to do",
                    orderId, stage, payment);
            return;
        }
        log.warn("Order {}: no answer for payment {} within {}", orderId, paymentId, settings.paymentTimeout());
        reject(RejectionCause.PAYMENT_TIMEOUT, "no answer from the payment provider within "
                + readable(settings.paymentTimeout()));
    }

    // ---- step 3: confirm, then commit every line ------------------------------------------------------------------

    private void confirm() {
        stage = Stage.CONFIRMING;
        orderCommand = OrderCommand.CONFIRMING;
        send(confirmation(), null);
    }

    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(OrderConfirmed event) {
        if (orderStatus != OrderStatus.PENDING) {
            log.info("Order {}: OrderConfirmed ignored; the order is already {}", orderId, orderStatus);
            return;
        }
        orderStatus = OrderStatus.CONFIRMED;
        orderCommand = OrderCommand.NONE;
        for (String sku : skusWith(LineStatus.RESERVED)) {
            setStatus(sku, LineStatus.COMMITTING);
            send(new CommitReservation(sku, orderId), sku);
        }
        log.info("Order {}: confirmed; payment {} authorized for {}, committing {} line(s)", orderId, paymentId,
                authorizedAmount, skusWith(LineStatus.COMMITTING).size());
        endWhenSettled();
    }

    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(ReservationCommitted event) {
        if (lineIs(event.sku(), LineStatus.COMMITTING)) {
            setStatus(event.sku(), LineStatus.COMMITTED);
            endWhenSettled();
        }
    }

    // ---- the order ends without confirmation ----------------------------------------------------------------------

    /** The customer cancelled the order: give back what was reserved and what was paid. */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(OrderCancelled event) {
        if (orderStatus != OrderStatus.PENDING) {
            log.info("Order {}: OrderCancelled ignored; the order is already {}", orderId, orderStatus);
            return;
        }
        orderStatus = OrderStatus.CANCELLED;
        // a confirmation or rejection still pending is refused by the cancelled order
        orderCommand = OrderCommand.NONE;
        log.info("Order {}: cancelled ({}); compensating", orderId, event.reason());
        windDown("order cancelled: " + event.reason());
    }

    /** The order was rejected, by this saga or elsewhere: now compensate (decision 0019). */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(OrderRejected event) {
        if (orderStatus != OrderStatus.PENDING) {
            return; // a repeated event
        }
        orderStatus = OrderStatus.REJECTED;
        boolean own = orderCommand == OrderCommand.REJECTING;
        orderCommand = OrderCommand.NONE;
        if (own) {
            log.info("Order {}: rejected; compensating", orderId);
            windDown(endReason);
        } else {
            log.info("Order {}: rejected elsewhere ({}: {}); compensating", orderId, event.cause(), event.reason());
            windDown("order rejected: " + event.reason());
        }
    }

    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(StockReleased event) {
        if (lineIs(event.sku(), LineStatus.RELEASING)) {
            setStatus(event.sku(), LineStatus.RELEASED);
            endWhenSettled();
        }
    }

    /** A release reached the item before the line's reservation did: nothing was, and nothing will be, held. */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(ReservationClosed event) {
        if (lineIs(event.sku(), LineStatus.RELEASING)) {
            setStatus(event.sku(), LineStatus.RELEASED);
            endWhenSettled();
        }
    }

    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(PaymentRefunded event) {
        if (payment == PaymentState.REFUNDING && refundIdFor(orderId).equals(event.refundId())) {
            payment = PaymentState.REFUNDED;
            endWhenSettled();
        }
    }

    /** The saga stops waiting for late answers; a compensation still pending keeps it until it is done. */
    @DeadlineHandler(deadlineName = LATE_ANSWER_DEADLINE)
    void lateAnswerWindowClosed() {
        lateAnswerDeadlineId = null;
        List<String> compensations = pendingCompensations();
        if (!compensations.isEmpty()) {
            log.error("Order {}: the late-answer window of {} closed with compensations still pending ({}); they are"
                    + " sent again until done", orderId, settings.lateAnswerWindow(), compensations);
            return;
        }
        log.warn("Order {}: stopped waiting after {}; still outstanding: {}; saga ends", orderId,
                settings.lateAnswerWindow(), outstanding());
        end();
    }

    // ---- answers that are not events ------------------------------------------------------------------------------

    /** A command this saga sent was refused, found no target, or could not be delivered within its retries. */
    @DeadlineHandler(deadlineName = COMMAND_FAILED)
    void on(CommandFailed failed) {
        boolean undelivered = failed.kind() == DeliveryOutcome.Kind.NOT_DELIVERED;
        switch (failed.command()) {
            case "ReserveStock" -> reservationFailed(failed);
            case "AuthorizePayment" -> paymentRequestFailed(failed);
            case "ConfirmOrder", "RejectOrder" -> {
                OrderCommand expected = failed.command().equals("ConfirmOrder")
                        ? OrderCommand.CONFIRMING : OrderCommand.REJECTING;
                if (orderCommand != expected || undelivered) {
                    logUndelivered(failed);
                    return;
                }
                // Refused: the order already ended otherwise. A cancel's (or another rejection's) event follows and
                // compensates; a confirmation stands, and its commits follow from OrderConfirmed.
                log.warn("Order {}: {} refused ({}); waiting for the event that ended the order", orderId,
                        failed.command(), failed.detail());
                orderCommand = OrderCommand.NONE;
                endWhenSettled();
            }
            case "ReleaseStock", "CommitReservation" -> {
                LineStatus pending = failed.command().equals("ReleaseStock") ? LineStatus.RELEASING : LineStatus.COMMITTING;
                if (!lineIs(failed.sku(), pending) || undelivered) {
                    logUndelivered(failed);
                    return;
                }
                log.error("Order {}: {} on SKU {} answered {} ({}); taken as the outcome", orderId, failed.command(),
                        failed.sku(), failed.kind(), failed.detail());
                setStatus(failed.sku(), pending == LineStatus.RELEASING ? LineStatus.RELEASED : LineStatus.COMMITTED);
                endWhenSettled();
            }
            case "RefundPayment" -> {
                if (payment != PaymentState.REFUNDING || undelivered) {
                    logUndelivered(failed);
                    return;
                }
                log.error("Order {}: RefundPayment of payment {} answered {} ({}); taken as the outcome", orderId,
                        paymentId, failed.kind(), failed.detail());
                payment = PaymentState.REFUND_REFUSED;
                endWhenSettled();
            }
            default -> log.warn("Order {}: failure of an unknown command {} ignored", orderId, failed.command());
        }
    }

    private void reservationFailed(CommandFailed failed) {
        if (!lineIs(failed.sku(), LineStatus.REQUESTED)) {
            log.info("Order {}: {} of ReserveStock for SKU {} ignored; the line is answered", orderId, failed.kind(),
                    failed.sku());
            return;
        }
        if (failed.kind() == DeliveryOutcome.Kind.NOT_DELIVERED) {
            // Left REQUESTED: it may have been reserved after all, and is then released when it arrives.
            if (stage == Stage.RESERVING) {
                reject(RejectionCause.OTHER, "SKU " + failed.sku() + " could not be reserved: inventory gave no"
                        + " decision within " + settings.retry().maxAttempts() + " attempts");
            }
            return;
        }
        setStatus(failed.sku(), LineStatus.NOT_RESERVED);
        if (stage != Stage.RESERVING) {
            endWhenSettled();
        } else if (failed.kind() == DeliveryOutcome.Kind.UNKNOWN_TARGET) {
            reject(RejectionCause.UNKNOWN_PRODUCT, "unknown product: SKU " + failed.sku() + " ("
                    + lines.get(failed.sku()).quantity() + " requested) is not in the catalogue");
        } else {
            reject(RejectionCause.OTHER, "SKU " + failed.sku() + " could not be reserved: " + failed.detail());
        }
    }

    private void paymentRequestFailed(CommandFailed failed) {
        if (payment != PaymentState.REQUESTED || stage != Stage.AUTHORIZING) {
            log.info("Order {}: {} of AuthorizePayment ignored; the payment is {}", orderId, failed.kind(), payment);
            return;
        }
        if (failed.kind() == DeliveryOutcome.Kind.NOT_DELIVERED) {
            // Left REQUESTED: it may have been applied after all, and an authorization is then refunded.
            reject(RejectionCause.OTHER, "payment could not be requested: the payment service gave no"
                    + " decision within " + settings.retry().maxAttempts() + " attempts");
        } else {
            payment = PaymentState.NOT_REQUESTED;
            reject(RejectionCause.OTHER, "payment could not be requested: " + failed.detail());
        }
    }

    private void logUndelivered(CommandFailed failed) {
        log.warn("Order {}: {}{} answered {} ({}); {}", orderId, failed.command(),
                failed.sku() == null ? "" : " on SKU " + failed.sku(), failed.kind(), failed.detail(),
                failed.kind() == DeliveryOutcome.Kind.NOT_DELIVERED
                        ? "it stays pending and is sent again by the watchdog" : "it is no longer pending");
    }

    /** Sends every command still pending again: what a crash lost, or its retries could not deliver. */
    @DeadlineHandler(deadlineName = WATCHDOG)
    void resendPendingCommands() {
        watchdogId = null;
        List<Object> pending = pendingCommands();
        if (pending.isEmpty()) {
            return;
        }
        List<Object> sent = new ArrayList<>();
        for (Object command : pending) {
            if (commands.resend(orderId, command, failureHandback(command, CommandDelivery.skuOf(command)))) {
                sent.add(command);
            }
        }
        if (!sent.isEmpty()) {
            log.warn("Order {}: {} command(s) unanswered after {} and not held here; sent again: {}", orderId,
                    sent.size(), settings.resendInterval(), sent);
        }
        watchdogId = deadlines.schedule(settings.resendInterval(), WATCHDOG, orderId);
    }

    // ---- the saga's own decisions ---------------------------------------------------------------------------------

    /**
     * Rejects the order; compensations follow once {@code OrderRejected} has arrived (decision 0019). Until then
     * nothing is released or refunded, and a rejection that cannot be delivered is sent again until it is.
     */
    private void reject(RejectionCause cause, String reason) {
        String limited = limit(reason);
        log.warn("Order {}: rejecting ({}: {})", orderId, cause, limited);
        stage = Stage.WINDING_DOWN;
        orderCommand = OrderCommand.REJECTING;
        rejectionCause = cause;
        rejectionReason = limited;
        endReason = limit("order rejected: " + limited);
        cancelPaymentDeadline();
        send(rejection(), null);
    }

    private void windDown(String reason) {
        stage = Stage.WINDING_DOWN;
        endReason = limit(reason);
        cancelPaymentDeadline();
        for (String sku : skusWith(LineStatus.RESERVED)) {
            release(sku);
        }
        // A line still unanswered is released too (decision 0045): if its ReserveStock is decided first, the release
        // gives the units back; if the release comes first, the item closes the order's entry (ReservationClosed)
        // and the ReserveStock, however late, sets nothing aside. Either way no stock stays held once the saga ends.
        for (String sku : skusWith(LineStatus.REQUESTED)) {
            release(sku);
        }
        if (payment == PaymentState.AUTHORIZED) {
            refund();
        }
        endWhenSettled();
    }

    private void release(String sku) {
        log.info("Order {}: compensating, releasing the reservation on SKU {}", orderId, sku);
        setStatus(sku, LineStatus.RELEASING);
        send(new ReleaseStock(sku, orderId, endReason), sku);
    }

    private void refund() {
        log.info("Order {}: compensating, refunding {} of payment {}", orderId, authorizedAmount, paymentId);
        payment = PaymentState.REFUNDING;
        send(refundCommand(), null);
    }

    /**
     * Sends {@code command}: its failure comes back as this saga's {@link #COMMAND_FAILED} deadline, and the
     * watchdog is started if it is not running.
     */
    private void send(Object command, String sku) {
        commands.send(orderId, command, failureHandback(command, sku));
        if (watchdogId == null) {
            watchdogId = deadlines.schedule(settings.resendInterval(), WATCHDOG, orderId);
        }
    }

    /**
     * Where a command's failure goes: a {@link #COMMAND_FAILED} deadline on this saga's scope. Neither this saga
     * instance nor its fields are touched by the callback: it runs after the saga's unit of work, on another thread.
     */
    private Consumer<DeliveryOutcome> failureHandback(Object command, String sku) {
        ScopeDescriptor scope = Scope.describeCurrentScope();
        DeadlineManager deadlineManager = deadlines;
        String name = command.getClass().getSimpleName();
        return outcome -> deadlineManager.schedule(Duration.ZERO, COMMAND_FAILED,
                new CommandFailed(name, sku, outcome.kind(), outcome.detail()), scope);
    }

    /** Ends the saga when nothing is pending or outstanding; an order ended otherwise waits, but not for ever. */
    private void endWhenSettled() {
        List<String> outstanding = outstanding();
        if (outstanding.isEmpty()) {
            log.info("Order {}: {}; nothing outstanding, saga ends", orderId,
                    orderStatus.name().toLowerCase(Locale.ROOT));
            end();
        } else if (stage == Stage.WINDING_DOWN && orderHasEnded() && lateAnswerDeadlineId == null) {
            log.info("Order {}: compensating; waiting up to {} for {}", orderId, settings.lateAnswerWindow(),
                    outstanding);
            lateAnswerDeadlineId = deadlines.schedule(settings.lateAnswerWindow(), LATE_ANSWER_DEADLINE, orderId);
        }
    }

    private List<String> outstanding() {
        List<String> outstanding = new ArrayList<>();
        if (orderStatus == OrderStatus.PENDING) {
            outstanding.add("the event that ends the order");
        }
        skusWith(LineStatus.REQUESTED).forEach(sku -> outstanding.add("the reservation answer for SKU " + sku));
        if (payment == PaymentState.REQUESTED) {
            outstanding.add("the payment provider's answer for payment " + paymentId);
        }
        outstanding.addAll(pendingCompensations());
        skusWith(LineStatus.COMMITTING).forEach(sku -> outstanding.add("the commit of SKU " + sku));
        return outstanding;
    }

    private List<String> pendingCompensations() {
        List<String> pending = new ArrayList<>();
        if (orderCommand == OrderCommand.REJECTING) {
            pending.add("the rejection of the order");
        }
        skusWith(LineStatus.RELEASING).forEach(sku -> pending.add("the release of SKU " + sku));
        if (payment == PaymentState.REFUNDING) {
            pending.add("the refund of payment " + paymentId);
        }
        return pending;
    }

    /** The commands whose answer has not arrived, as they were sent; AuthorizePayment has its own deadline. */
    private List<Object> pendingCommands() {
        List<Object> pending = new ArrayList<>();
        if (stage == Stage.RESERVING) {
            skusWith(LineStatus.REQUESTED).forEach(sku -> pending.add(
                    new ReserveStock(sku, orderId, lines.get(sku).quantity())));
        }
        if (orderCommand == OrderCommand.CONFIRMING) {
            pending.add(confirmation());
        } else if (orderCommand == OrderCommand.REJECTING) {
            pending.add(rejection());
        }
        skusWith(LineStatus.RELEASING).forEach(sku -> pending.add(new ReleaseStock(sku, orderId, endReason)));
        skusWith(LineStatus.COMMITTING).forEach(sku -> pending.add(new CommitReservation(sku, orderId)));
        if (payment == PaymentState.REFUNDING) {
            pending.add(refundCommand());
        }
        return pending;
    }

    private void end() {
        cancelPaymentDeadline();
        if (lateAnswerDeadlineId != null) {
            cancel(LATE_ANSWER_DEADLINE, lateAnswerDeadlineId);
            lateAnswerDeadlineId = null;
        }
        if (watchdogId != null) {
            cancel(WATCHDOG, watchdogId);
            watchdogId = null;
        }
        SagaLifecycle.end();
    }

    private void cancelPaymentDeadline() {
        if (paymentDeadlineId != null) {
            cancel(PAYMENT_DEADLINE, paymentDeadlineId);
            paymentDeadlineId = null;
        }
    }

    /**
     * Cancels a deadline once this saga's state is stored, best effort: the deadline may be firing at this moment or
     * gone already, and db-scheduler refuses to cancel either, which inside the saga's transaction would fail the
     * whole batch. A deadline that still fires finds the saga ended (nothing handles it) or in a state in which its
     * handler does nothing.
     */
    private void cancel(String deadlineName, String scheduleId) {
        DeadlineManager deadlineManager = deadlines;
        commands.afterCommit(orderId, "cancelling deadline " + deadlineName,
                () -> deadlineManager.cancelSchedule(deadlineName, scheduleId));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** The id of the refund this saga gives for its order: the same on every retry, so it is given once. */
    public static String refundIdFor(String orderId) {
        return "order-saga-refund-" + orderId;
    }

    private ConfirmOrder confirmation() {
        return new ConfirmOrder(orderId, paymentId, "stock reserved and payment authorized (" + authorizedAmount + ")");
    }

    private RejectOrder rejection() {
        return new RejectOrder(orderId, rejectionCause, rejectionReason);
    }

    private RefundPayment refundCommand() {
        return new RefundPayment(paymentId, refundIdFor(orderId), authorizedAmount, endReason);
    }

    private boolean orderHasEnded() {
        return orderStatus != OrderStatus.PENDING;
    }

    private Money reservedTotal() {
        Money total = null;
        for (Line line : lines.values()) {
            Money amount = line.unitPrice().times(line.quantity());
            total = total == null ? amount : total.plus(amount);
        }
        return total;
    }

    private TreeSet<String> currenciesOfReservedLines() {
        TreeSet<String> currencies = new TreeSet<>();
        lines.values().forEach(line -> currencies.add(line.unitPrice().currency()));
        return currencies;
    }

    private boolean allLinesAre(LineStatus status) {
        return lines.values().stream().allMatch(line -> line.status() == status);
    }

    private boolean lineIs(String sku, LineStatus status) {
        Line line = sku == null ? null : lines.get(sku);
        return line != null && line.status() == status;
    }

    private List<String> skusWith(LineStatus status) {
        return lines.entrySet().stream().filter(entry -> entry.getValue().status() == status)
                    .map(Map.Entry::getKey).toList();
    }

    private void setStatus(String sku, LineStatus status) {
        lines.computeIfPresent(sku, (key, line) -> line.withStatus(status));
    }

    /** "30 s", "1500 ms", "24 h": a duration as a person reads it in a rejection reason. */
    static String readable(Duration duration) {
        if (duration.toMillis() % 3_600_000 == 0) {
            return duration.toHours() + " h";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }

    private static String limit(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 3) + "...";
    }
}
