package io.emporium.messages.inventory;

import org.axonframework.serialization.Revision;

/** A reservation that did not fit: {@code requested} units were asked for, {@code available} were left. */
@Revision("1")
public record StockReservationRejected(String sku, String orderId, int requested, int available, String reason) {
}
