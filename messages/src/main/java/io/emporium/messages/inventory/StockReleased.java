package io.emporium.messages.inventory;

public record StockReleased(String sku, String orderId, int quantity, String reason, int availableAfter) {
}
