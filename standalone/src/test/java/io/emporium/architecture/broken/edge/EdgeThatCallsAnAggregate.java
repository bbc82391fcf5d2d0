package io.emporium.architecture.broken.edge;

import io.emporium.architecture.broken.order.OrderThatAsksInventory;

/** Breaks "the edge never depends on an aggregate module". */
public class EdgeThatCallsAnAggregate {
    public Object order() {
        return new OrderThatAsksInventory();
    }
}
