package io.emporium.messages.inventory;

/** A reservation that did not fit: {@code requested} units were asked for, {@code available} were left. */
public record StockReservationRejected(String sku, String orderId, int requested, int available, String reason) {
}
