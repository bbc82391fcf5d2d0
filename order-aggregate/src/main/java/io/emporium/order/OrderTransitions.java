package io.emporium.order;

import static io.emporium.messages.order.OrderStatus.CANCELLED;
import static io.emporium.messages.order.OrderStatus.CONFIRMED;
import static io.emporium.messages.order.OrderStatus.PENDING;
import static io.emporium.messages.order.OrderStatus.REJECTED;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.order.OrderStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The order's life cycle as one table: for each status, the statuses it may move to. Asking for the
 * status the order is already in is a retry and changes nothing; any move missing from the table is
 * refused by name.
 */
final class OrderTransitions {

    static final String ILLEGAL_TRANSITION = "illegal-order-transition";

    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED = Map.of(
            PENDING, Set.of(CONFIRMED, REJECTED, CANCELLED),
            CONFIRMED, Set.of(),
            REJECTED, Set.of(),
            CANCELLED, Set.of());

    /** What a requested transition amounts to, once it is known to be legal. */
    enum Outcome {
        /** The order moves: apply the event. */
        MOVE,
        /** The order is already there: a retry, apply nothing. */
        ALREADY_THERE
    }

    private OrderTransitions() {
    }

    static Set<OrderStatus> allowedFrom(OrderStatus from) {
        return ALLOWED.get(from);
    }

    /**
     * @throws CommandRefusedException a conflict coded {@value #ILLEGAL_TRANSITION} when the table has
     *                                 no move from {@code from} to {@code to}
     */
    static Outcome check(String orderId, OrderStatus from, OrderStatus to) {
        if (from == to) {
            return Outcome.ALREADY_THERE;
        }
        if (ALLOWED.get(from).contains(to)) {
            return Outcome.MOVE;
        }
        throw CommandRefusedException.conflict(ILLEGAL_TRANSITION,
                "order " + orderId + " is " + from + " and cannot be " + to.name().toLowerCase(Locale.ROOT));
    }
}
