package io.emporium.messages.query;

import io.emporium.messages.common.Money;
import io.emporium.messages.order.OrderStatus;
import java.time.Instant;
import java.util.List;

/**
 * An order as a client sees it. {@code total} is the sum of the reserved lines at their reservation prices:
 * {@code null} while no line is reserved, when the reserved lines are priced in different currencies, or when the
 * sum is beyond a {@code long} (only an order placed before decision 0045 can have one).
 * {@code statusHistory} lists every status the order went through, oldest first, starting with PENDING.
 */
public record OrderView(String orderId, String customerId, OrderStatus status, Instant placedAt,
                        List<OrderLineView> lines, Money total, List<StatusChange> statusHistory) {

    public OrderView {
        lines = List.copyOf(lines);
        statusHistory = List.copyOf(statusHistory);
    }
}
