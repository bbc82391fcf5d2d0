package io.emporium.messages.inventory;

import org.axonframework.serialization.Revision;

/**
 * A release for an order the item's ledger did not know: nothing was set aside for it, and from now on nothing will
 * be. A {@link ReserveStock} for that order arriving later (a late delivery, a retry) reserves nothing (decision 0045).
 */
@Revision("1")
public record ReservationClosed(String sku, String orderId, String reason) {
}
