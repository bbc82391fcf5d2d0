package io.emporium.projections.order;

import io.emporium.messages.common.Money;
import io.emporium.messages.query.OrderLineView;
import java.util.List;

/**
 * The total of an order: the reserved lines at their reservation prices, when they share one currency and the sum
 * fits in a {@code long}. Decision 0045 keeps every new order's total far below that; an order stored before it
 * may not fit, and then has no total: a read never fails on the numbers it holds.
 */
public final class OrderTotals {

    private OrderTotals() {
    }

    public static Money of(List<OrderLineView> lines) {
        Money total = null;
        for (OrderLineView line : lines) {
            if (line.unitPrice() == null) {
                continue;
            }
            if (total != null && !total.currency().equals(line.unitPrice().currency())) {
                return null;
            }
            try {
                Money amount = line.unitPrice().times(line.quantity());
                total = total == null ? amount : total.plus(amount);
            } catch (ArithmeticException beyondLong) {
                return null;
            }
        }
        return total;
    }
}
