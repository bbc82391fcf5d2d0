package io.emporium.architecture.broken.projections;

import io.emporium.architecture.broken.inventory.Stock;
import io.emporium.architecture.broken.order.OrderThatAsksInventory;
import io.emporium.architecture.broken.payment.Refund;

/** Breaks "the projections never depend on the order, inventory or payment module". */
public class ProjectionThatReadsAnAggregate {

    public Object refund() {
        return new Refund(1);
    }

    public int stock() {
        return new Stock().available();
    }

    public Object order() {
        return new OrderThatAsksInventory();
    }
}
