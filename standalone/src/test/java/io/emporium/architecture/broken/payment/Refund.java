package io.emporium.architecture.broken.payment;

import io.emporium.architecture.broken.inventory.Stock;
import io.emporium.architecture.broken.order.OrderThatAsksInventory;

/** Breaks "payment never depends on order" and "payment never depends on inventory". */
public record Refund(long amountMinor) {

    Object restock(OrderThatAsksInventory order) {
        return order == null ? new Stock() : order;
    }
}
