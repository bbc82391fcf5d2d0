package io.emporium.architecture.broken.saga;

import io.emporium.architecture.broken.inventory.Stock;
import io.emporium.architecture.broken.order.OrderThatAsksInventory;
import io.emporium.architecture.broken.payment.Refund;

/** Breaks "the saga never depends on the order, inventory or payment module": it reads stock and builds refunds itself. */
public class SagaThatReachesIntoAggregates {

    boolean canReserve() {
        return new Stock().available() > 0;
    }

    Object compensate() {
        return new Refund(100);
    }

    Object order() {
        return new OrderThatAsksInventory();
    }
}
