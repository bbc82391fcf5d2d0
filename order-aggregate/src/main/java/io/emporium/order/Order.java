package io.emporium.order;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Text;
import io.emporium.messages.order.CancelOrder;
import io.emporium.messages.order.ConfirmOrder;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.PlaceOrder;
import io.emporium.messages.order.RejectOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One customer order, event-sourced. Placed PENDING under a client-chosen id, then CONFIRMED, REJECTED or
 * CANCELLED as {@link OrderTransitions} allows. When each transition happened is the timestamp of its
 * event message; why is the event's reason.
 */
@Aggregate(cache = OrderModule.CACHE)
public class Order {

    static final int MAX_QUANTITY = OrderLine.MAX_QUANTITY;
    static final int MAX_CUSTOMER_ID_LENGTH = 100;
    static final int MAX_PAYMENT_METHOD_TOKEN_LENGTH = 100;
    static final int MAX_REASON_LENGTH = 500;
    static final String DEFAULT_CANCEL_REASON = "cancelled by customer";
    static final String DEFAULT_CONFIRM_REASON = "stock reserved and payment authorized";

    @AggregateIdentifier
    private String orderId;
    private String customerId;
    private List<OrderLine> lines;
    private String paymentMethodToken;
    private OrderStatus status;

    // Axon instantiates the aggregate through this constructor before replaying its events.
    protected Order() {
    }

    /**
     * Places a new order, or recognizes a retry of the placement that created this one. The same
     * customer, token and SKU quantities (in any line order) count as the same placement.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(PlaceOrder command, MetaData metaData) {
        validate(command);
        Caller.of(metaData).requireSelfIfCustomer(command.customerId(), "customer-is-not-caller",
                "the order's customer " + command.customerId());
        if (orderId == null) {
            apply(new OrderPlaced(command.orderId(), command.customerId(), command.lines(),
                    command.paymentMethodToken(), Identifiers.paymentIdFor(command.orderId())));
        } else if (!isSamePlacement(command)) {
            throw CommandRefusedException.conflict("order-id-already-used", "order " + orderId
                    + " was already placed with a different customer, lines or payment method token");
        }
    }

    @CommandHandler
    public void handle(ConfirmOrder command) {
        String reason = reasonOrDefault(command.reason(), DEFAULT_CONFIRM_REASON);
        if (command.paymentId() != null && !Identifiers.isCanonicalUuid(command.paymentId())) {
            throw refused("invalid-payment-id",
                    "paymentId must be a canonical lower-case UUID when given, was " + quote(command.paymentId()));
        }
        if (OrderTransitions.check(orderId, status, OrderStatus.CONFIRMED) == OrderTransitions.Outcome.MOVE) {
            apply(new OrderConfirmed(orderId, command.paymentId(), reason));
        }
    }

    @CommandHandler
    public void handle(RejectOrder command) {
        if (command.cause() == null) {
            throw refused("missing-rejection-cause", "cause is required to reject order " + orderId);
        }
        if (isBlank(command.reason())) {
            throw refused("missing-rejection-reason", "reason must not be blank to reject order " + orderId);
        }
        String reason = reasonOrDefault(command.reason(), null);
        if (OrderTransitions.check(orderId, status, OrderStatus.REJECTED) == OrderTransitions.Outcome.MOVE) {
            apply(new OrderRejected(orderId, command.cause(), reason));
        }
    }

    @CommandHandler
    public void handle(CancelOrder command, MetaData metaData) {
        Caller.of(metaData).requireSelfIfCustomer(customerId, "not-your-order", "order " + orderId);
        String reason = reasonOrDefault(command.reason(), DEFAULT_CANCEL_REASON);
        if (OrderTransitions.check(orderId, status, OrderStatus.CANCELLED) == OrderTransitions.Outcome.MOVE) {
            apply(new OrderCancelled(orderId, reason));
        }
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        customerId = event.customerId();
        lines = event.lines();
        paymentMethodToken = event.paymentMethodToken();
        status = OrderStatus.PENDING;
    }

    @EventSourcingHandler
    void on(OrderConfirmed event) {
        status = OrderStatus.CONFIRMED;
    }

    @EventSourcingHandler
    void on(OrderRejected event) {
        status = OrderStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(OrderCancelled event) {
        status = OrderStatus.CANCELLED;
    }

    /** For tests in this package: the status the events so far have led to. */
    OrderStatus status() {
        return status;
    }

    private static void validate(PlaceOrder command) {
        if (!Identifiers.isCanonicalUuid(command.orderId())) {
            throw refused("invalid-order-id",
                    "orderId must be a canonical lower-case UUID, was " + quote(command.orderId()));
        }
        if (!Identifiers.isNewOrderId(command.orderId())) {
            throw refused("invalid-order-id", "orderId must not be a name-based (version 3) UUID, the form of"
                    + " payment ids, was " + quote(command.orderId()));
        }
        requireText("customerId", command.customerId(), MAX_CUSTOMER_ID_LENGTH, "invalid-customer-id");
        List<OrderLine> lines = command.lines();
        if (lines == null || lines.isEmpty()) {
            throw refused("missing-order-lines", "lines must hold at least one line");
        }
        if (lines.size() > PlaceOrder.MAX_LINES) {
            throw refused("too-many-order-lines",
                    "lines must hold at most " + PlaceOrder.MAX_LINES + " lines, had " + lines.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            if (!Identifiers.isSku(line.sku())) {
                throw refused("invalid-sku", "lines[" + i + "].sku must be an upper-case letter followed by"
                        + " 1 to 39 upper-case letters, digits or dashes, was " + quote(line.sku()));
            }
            if (line.quantity() <= 0 || line.quantity() > MAX_QUANTITY) {
                throw refused("invalid-quantity", "lines[" + i + "].quantity must be between 1 and "
                        + MAX_QUANTITY + ", was " + line.quantity());
            }
            if (!seen.add(line.sku())) {
                throw refused("duplicate-sku", "lines[" + i + "].sku " + line.sku()
                        + " already appears in an earlier line; give each SKU once with its total quantity");
            }
        }
        requireText("paymentMethodToken", command.paymentMethodToken(), MAX_PAYMENT_METHOD_TOKEN_LENGTH,
                "invalid-payment-method-token");
    }

    private boolean isSamePlacement(PlaceOrder command) {
        return customerId.equals(command.customerId())
                && paymentMethodToken.equals(command.paymentMethodToken())
                && quantitiesBySku(lines).equals(quantitiesBySku(command.lines()));
    }

    private static Map<String, Integer> quantitiesBySku(List<OrderLine> lines) {
        Map<String, Integer> quantities = new HashMap<>();
        lines.forEach(line -> quantities.put(line.sku(), line.quantity()));
        return quantities;
    }

    /** A stripped reason, or {@code fallback} when none is given; refused when longer than allowed. */
    private static String reasonOrDefault(String reason, String fallback) {
        if (isBlank(reason)) {
            return fallback;
        }
        String stripped = reason.strip();
        if (stripped.length() > MAX_REASON_LENGTH) {
            throw refused("invalid-reason",
                    "reason must be at most " + MAX_REASON_LENGTH + " characters, had " + stripped.length());
        }
        Text.requireStorable("reason", stripped, "invalid-reason");
        return stripped;
    }

    private static void requireText(String field, String value, int maxLength, String code) {
        if (isBlank(value)) {
            throw refused(code, field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw refused(code, field + " must be at most " + maxLength + " characters, had " + value.length());
        }
        Text.requireStorable(field, value, code);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static CommandRefusedException refused(String code, String message) {
        return CommandRefusedException.ruleViolated(code, message);
    }

    /** Quotes a client-supplied value for a message, cut short so a message never grows unbounded. */
    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 50 ? "'" + value + "'" : "'" + value.substring(0, 50) + "...'";
    }
}
