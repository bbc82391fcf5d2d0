package io.emporium.messages.inventory;

import io.emporium.messages.common.Money;
import org.axonframework.serialization.Revision;

/** Units set aside for an order, at the unit price in force when they were reserved. */
@Revision("1")
public record StockReserved(String sku, String orderId, int quantity, Money unitPrice, int availableAfter) {
}
