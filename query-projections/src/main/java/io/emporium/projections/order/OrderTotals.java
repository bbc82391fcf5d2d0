package io.emporium.projections.order;

import io.emporium.messages.common.Money;
import io.emporium.messages.query.OrderLineView;
import java.util.List;

/** The total of an order: the reserved lines at their reservation prices, when they share one currency. */
public final class OrderTotals {

    private OrderTotals() {
    }

    public static Money of(List<OrderLineView> lines) {
        Money total = null;
        for (OrderLineView line : lines) {
            if (line.unitPrice() == null) {
                continue;
            }
            Money amount = line.unitPrice().times(line.quantity());
            if (total == null) {
                total = amount;
            } else if (!total.currency().equals(amount.currency())) {
                return null;
            } else {
                total = total.plus(amount);
            }
        }
        return total;
    }
}
