package io.emporium.messages.inventory;

import io.emporium.messages.common.Money;

/** Units set aside for an order, at the unit price in force when they were reserved. */
public record StockReserved(String sku, String orderId, int quantity, Money unitPrice, int availableAfter) {
}
