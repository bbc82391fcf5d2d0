package io.emporium.messages.inventory;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ReservationCommitted(String sku, String orderId, int quantity, int onHandAfter) {
}
