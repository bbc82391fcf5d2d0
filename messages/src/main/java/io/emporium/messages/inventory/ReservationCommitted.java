package io.emporium.messages.inventory;

public record ReservationCommitted(String sku, String orderId, int quantity, int onHandAfter) {
}
