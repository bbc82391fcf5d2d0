package io.emporium.saga;

import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY;
import static com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.CommitReservation;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReserveStock;
import io.emporium.messages.inventory.StockReservationRejected;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.ConfirmOrder;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.RejectOrder;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.AuthorizePayment;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.RefundPayment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
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
 *       quantities, then release the lines already reserved; an unknown SKU: {@code RejectOrder}
 *       {@code UNKNOWN_PRODUCT}; a reservation arriving after that is released on arrival</td></tr>
 *   <tr><td>{@code AuthorizePayment}</td>
 *       <td>{@code PaymentAuthorized}: {@code ConfirmOrder}, then {@code CommitReservation} for every line; the saga
 *       ends</td>
 *       <td>{@code PaymentDeclined}: {@code RejectOrder} {@code PAYMENT_DECLINED} with the provider's reason,
 *       then release every line. No answer by the payment deadline: {@code RejectOrder} {@code PAYMENT_TIMEOUT},
 *       then release every line; an authorization arriving after that is refunded in full at once</td></tr>
 *   <tr><td>{@code ConfirmOrder}</td>
 *       <td>the order is {@code CONFIRMED}; a cancel is refused from then on by the order itself</td>
 *       <td>refused because the order was cancelled (or rejected) meanwhile: nothing is done then; the
 *       {@code OrderCancelled} event releases the stock and refunds the payment</td></tr>
 *   <tr><td>{@code OrderCancelled} (the customer) while pending</td>
 *       <td>&mdash;</td>
 *       <td>release every reserved line, refund an authorized payment in full</td></tr>
 * </table>
 *
 * <p>Once its order has ended without confirmation, the saga stays until nothing is outstanding any more: a
 * reservation still in flight is released when it arrives, an authorization still outstanding is refunded (or its
 * decline noted). It waits for those answers at most {@code emporium.saga.late-answer-window} (24 h by default),
 * then ends and logs what never came.
 *
 * <p>Forward commands ({@code ReserveStock}, {@code AuthorizePayment}) are retried a bounded number of times and,
 * when still undelivered, compensated like a refusal (cause {@code OTHER}). Compensations, {@code ConfirmOrder} and
 * {@code CommitReservation} are never dropped: when still undelivered after their retries, the handler fails with
 * {@link CommandNotDeliveredException} so that the event (or deadline) is handled again later. Every command is
 * idempotent, so handling an event again repeats nothing that matters.
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
        RELEASED,
        COMMITTED
    }

    enum Stage {
        RESERVING,
        AUTHORIZING,
        /** The order ended without confirmation: compensate, and wait for what is still outstanding. */
        WINDING_DOWN
    }

    enum PaymentState {
        NOT_REQUESTED,
        /** AuthorizePayment was sent (or may have been applied); no answer yet. */
        REQUESTED,
        AUTHORIZED,
        DECLINED,
        REFUNDED,
        /** The refund was refused by the payment; logged, nothing more the saga can do. */
        REFUND_REFUSED
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
    /** The order's status as this saga knows it: PENDING until the saga confirmed, rejected or saw it end. */
    private OrderStatus orderStatus;
    /** By SKU, in the order's line order. */
    private Map<String, Line> lines = new LinkedHashMap<>();
    private String paymentId;
    private PaymentState payment = PaymentState.NOT_REQUESTED;
    private Money authorizedAmount;
    /** Why the order ended, as given to the compensations. */
    private String endReason;
    private String paymentDeadlineId;
    private String lateAnswerDeadlineId;

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
        paymentId = Identifiers.paymentIdFor(orderId);
        stage = Stage.RESERVING;
        orderStatus = OrderStatus.PENDING;
        for (OrderLine line : event.lines()) {
            lines.put(line.sku(), new Line(line.quantity(), LineStatus.NOT_SENT, null));
        }
        log.info("Order {}: saga started, reserving {} line(s)", orderId, lines.size());
        for (OrderLine line : event.lines()) {
            setStatus(line.sku(), LineStatus.REQUESTED);
            DeliveryOutcome outcome = commands.attempt(orderId,
                    new ReserveStock(line.sku(), orderId, line.quantity()));
            switch (outcome.kind()) {
                case DONE -> {
                    // the answer arrives as StockReserved or StockReservationRejected
                }
                case UNKNOWN_TARGET -> {
                    setStatus(line.sku(), LineStatus.NOT_RESERVED);
                    reject(RejectionCause.UNKNOWN_PRODUCT, "unknown product: SKU " + line.sku() + " ("
                            + line.quantity() + " requested) is not in the catalogue");
                    return;
                }
                case REFUSED -> {
                    setStatus(line.sku(), LineStatus.NOT_RESERVED);
                    reject(RejectionCause.OTHER, "SKU " + line.sku() + " could not be reserved: " + outcome.detail());
                    return;
                }
                case NOT_DELIVERED -> {
                    // Left REQUESTED: it may have been reserved after all, and is then released when it arrives.
                    reject(RejectionCause.OTHER, "SKU " + line.sku() + " could not be reserved: inventory gave no"
                            + " decision within " + settings.retry().maxAttempts() + " attempts");
                    return;
                }
            }
        }
    }

    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(StockReserved event) {
        Line line = lines.get(event.sku());
        if (line == null || line.status() != LineStatus.REQUESTED) {
            log.info("Order {}: StockReserved for SKU {} ignored; the line is {}", orderId, event.sku(),
                    line == null ? "not part of the order" : line.status());
            return;
        }
        lines.put(event.sku(), new Line(line.quantity(), LineStatus.RESERVED, event.unitPrice()));
        if (stage == Stage.WINDING_DOWN) {
            // compensation of step 1: a reservation that arrives after the order ended is given back at once
            log.warn("Order {}: SKU {} was reserved after the order ended; releasing it", orderId, event.sku());
            release(event.sku(), endReason);
            endWhenSettled();
        } else if (stage == Stage.RESERVING && allLinesAre(LineStatus.RESERVED)) {
            requestPayment();
        }
    }

    /** Compensation of step 1: a line that cannot be reserved rejects the order and releases the others. */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(StockReservationRejected event) {
        Line line = lines.get(event.sku());
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
        }
        stage = Stage.AUTHORIZING;
        payment = PaymentState.REQUESTED;
        log.info("Order {}: every line reserved; authorizing payment {} for {}", orderId, paymentId, total);
        DeliveryOutcome outcome = commands.attempt(orderId,
                new AuthorizePayment(paymentId, orderId, total, paymentMethodToken));
        switch (outcome.kind()) {
            case DONE -> paymentDeadlineId = deadlines.schedule(settings.paymentTimeout(), PAYMENT_DEADLINE, orderId);
            case REFUSED, UNKNOWN_TARGET -> {
                payment = PaymentState.NOT_REQUESTED;
                reject(RejectionCause.OTHER, "payment could not be requested: " + outcome.detail());
            }
            case NOT_DELIVERED ->
                // Left REQUESTED: it may have been applied after all, and an authorization is then refunded.
                    reject(RejectionCause.OTHER, "payment could not be requested: the payment service gave no"
                            + " decision within " + settings.retry().maxAttempts() + " attempts");
        }
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
        } else {
            // compensation of step 2: an authorization that arrives after the order ended is refunded at once
            log.warn("Order {}: payment {} authorized after the order ended ({}); refunding {}", orderId, paymentId,
                    endReason, authorizedAmount);
            refund();
            endWhenSettled();
        }
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

    // ---- step 3: confirm ------------------------------------------------------------------------------------------

    private void confirm() {
        DeliveryOutcome confirmed = commands.deliver(orderId, new ConfirmOrder(orderId, paymentId,
                "stock reserved and payment authorized (" + authorizedAmount + ")"));
        if (!confirmed.done()) {
            // The order ended meanwhile (a customer cancel won the race): its event releases and refunds.
            log.warn("Order {}: ConfirmOrder refused ({}); waiting for the event that ended the order to compensate",
                    orderId, confirmed.detail());
            return;
        }
        orderStatus = OrderStatus.CONFIRMED;
        for (String sku : skusWith(LineStatus.RESERVED)) {
            DeliveryOutcome committed = commands.deliver(orderId, new CommitReservation(sku, orderId));
            if (committed.done()) {
                setStatus(sku, LineStatus.COMMITTED);
            } else {
                log.error("Order {}: the reservation on SKU {} could not be committed: {}", orderId, sku,
                        committed.detail());
            }
        }
        log.info("Order {}: confirmed; payment {} authorized for {}, {} line(s) committed; saga ends", orderId,
                paymentId, authorizedAmount, skusWith(LineStatus.COMMITTED).size());
        end();
    }

    // ---- the order ends without confirmation ----------------------------------------------------------------------

    /** The customer cancelled the order: give back what was reserved and what was paid. */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(OrderCancelled event) {
        if (orderStatus == OrderStatus.CANCELLED || orderStatus == OrderStatus.CONFIRMED) {
            log.info("Order {}: OrderCancelled ignored; the order is already {}", orderId, orderStatus);
            return;
        }
        orderStatus = OrderStatus.CANCELLED;
        log.info("Order {}: cancelled ({}); compensating", orderId, event.reason());
        windDown("order cancelled: " + event.reason());
    }

    /** The order was rejected; when not by this saga, compensate as for a cancel. */
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(OrderRejected event) {
        if (orderStatus != OrderStatus.PENDING) {
            return; // this saga's own rejection (or a repeated event): already compensated
        }
        orderStatus = OrderStatus.REJECTED;
        log.info("Order {}: rejected elsewhere ({}: {}); compensating", orderId, event.cause(), event.reason());
        windDown("order rejected: " + event.reason());
    }

    /** The saga stops waiting for late answers. */
    @DeadlineHandler(deadlineName = LATE_ANSWER_DEADLINE)
    void lateAnswerWindowClosed() {
        lateAnswerDeadlineId = null;
        log.warn("Order {}: stopped waiting after {}; still outstanding: {}; saga ends", orderId,
                settings.lateAnswerWindow(), outstanding());
        end();
    }

    /**
     * Rejects the order, then compensates. The order decides first (decision 0019): until it is rejected nothing is
     * released or refunded, so a rejection that cannot be delivered (the order service is down) fails the handler
     * with nothing undone, and the saga's state, rolled back with it, still matches the stock and the payment when
     * the event or deadline comes back, or when an event that was waiting behind it (an authorization) is handled
     * first and confirms the order instead.
     */
    private void reject(RejectionCause cause, String reason) {
        String limited = limit(reason);
        log.warn("Order {}: rejecting ({}: {})", orderId, cause, limited);
        DeliveryOutcome rejected = commands.deliver(orderId, new RejectOrder(orderId, cause, limited));
        if (!rejected.done()) {
            // Refused: the order already ended otherwise. A cancel's (or another rejection's) event follows and
            // compensates; a confirmation stands, and its commits follow from the authorization's event.
            log.warn("Order {}: RejectOrder refused ({}); waiting for the event that ended the order", orderId,
                    rejected.detail());
            return;
        }
        orderStatus = OrderStatus.REJECTED;
        log.info("Order {}: rejected; compensating", orderId);
        windDownWithoutEnding("order rejected: " + limited);
        endWhenSettled();
    }

    private void windDown(String reason) {
        windDownWithoutEnding(reason);
        endWhenSettled();
    }

    private void windDownWithoutEnding(String reason) {
        stage = Stage.WINDING_DOWN;
        endReason = limit(reason);
        cancelPaymentDeadline();
        for (String sku : skusWith(LineStatus.RESERVED)) {
            release(sku, endReason);
        }
        if (payment == PaymentState.AUTHORIZED) {
            refund();
        }
    }

    private void release(String sku, String reason) {
        log.info("Order {}: compensating, releasing the reservation on SKU {}", orderId, sku);
        DeliveryOutcome released = commands.deliver(orderId, new ReleaseStock(sku, orderId, reason));
        if (!released.done()) {
            log.warn("Order {}: ReleaseStock on SKU {} answered {} ({}); taken as the outcome", orderId, sku,
                    released.kind(), released.detail());
        }
        setStatus(sku, LineStatus.RELEASED);
    }

    private void refund() {
        log.info("Order {}: compensating, refunding {} of payment {}", orderId, authorizedAmount, paymentId);
        DeliveryOutcome refunded = commands.deliver(orderId,
                new RefundPayment(paymentId, refundIdFor(orderId), authorizedAmount, endReason));
        if (refunded.done()) {
            payment = PaymentState.REFUNDED;
        } else {
            log.error("Order {}: RefundPayment of payment {} answered {} ({}); taken as the outcome", orderId,
                    paymentId, refunded.kind(), refunded.detail());
            payment = PaymentState.REFUND_REFUSED;
        }
    }

    /** Ends the saga when the order has ended and no answer is outstanding; otherwise waits, but not for ever. */
    private void endWhenSettled() {
        List<String> outstanding = outstanding();
        if (outstanding.isEmpty()) {
            log.info("Order {}: {}; nothing outstanding, saga ends", orderId,
                    orderStatus == OrderStatus.PENDING ? "compensated" : orderStatus.name().toLowerCase(Locale.ROOT));
            end();
        } else if (lateAnswerDeadlineId == null) {
            log.info("Order {}: compensated; waiting up to {} for {}", orderId, settings.lateAnswerWindow(),
                    outstanding);
            lateAnswerDeadlineId = deadlines.schedule(settings.lateAnswerWindow(), LATE_ANSWER_DEADLINE, orderId);
        }
    }

    private List<String> outstanding() {
        List<String> outstanding = new ArrayList<>();
        if (orderStatus == OrderStatus.PENDING) {
            outstanding.add("the event that ended the order");
        }
        skusWith(LineStatus.REQUESTED).forEach(sku -> outstanding.add("the reservation answer for SKU " + sku));
        if (payment == PaymentState.REQUESTED) {
            outstanding.add("the payment provider's answer for payment " + paymentId);
        }
        return outstanding;
    }

    private void end() {
        cancelPaymentDeadline();
        if (lateAnswerDeadlineId != null) {
            deadlines.cancelSchedule(LATE_ANSWER_DEADLINE, lateAnswerDeadlineId);
            lateAnswerDeadlineId = null;
        }
        SagaLifecycle.end();
    }

    private void cancelPaymentDeadline() {
        if (paymentDeadlineId != null) {
            deadlines.cancelSchedule(PAYMENT_DEADLINE, paymentDeadlineId);
            paymentDeadlineId = null;
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** The id of the refund this saga gives for its order: the same on every retry, so it is given once. */
    public static String refundIdFor(String orderId) {
        return "order-saga-refund-" + orderId;
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
