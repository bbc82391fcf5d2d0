package io.emporium.architecture.broken.edge;

import io.emporium.architecture.broken.inventory.Stock;
import io.emporium.architecture.broken.order.OrderThatAsksInventory;
import io.emporium.architecture.broken.payment.Refund;

/** Breaks "the edge never depends on the order, inventory or payment module". */
public class EdgeThatCallsAnAggregate {

    public Object order() {
        return new OrderThatAsksInventory();
    }

    public int stock() {
        return new Stock().available();
    }

    public Object refund() {
        return new Refund(1);
    }
}
