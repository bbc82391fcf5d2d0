package io.emporium.messages.inventory;

import org.axonframework.serialization.Revision;

@Revision("1")
public record StockReleased(String sku, String orderId, int quantity, String reason, int availableAfter) {
}
