package io.emporium.architecture.broken.inventory;

import io.emporium.architecture.broken.order.OrderThatAsksInventory;
import io.emporium.architecture.broken.payment.Refund;

/** Breaks "inventory never depends on order" and "inventory never depends on payment". */
public class Stock {

    public int available() {
        return 0;
    }

    Object reservedFor(OrderThatAsksInventory order, Refund refund) {
        return refund == null ? order : refund;
    }
}
