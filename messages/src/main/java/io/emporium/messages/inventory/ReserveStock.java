package io.emporium.messages.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets units aside for an order. Answered by {@link StockReserved} or {@link StockReservationRejected};
 * a second request for an order the ledger already knows changes nothing.
 */
public record ReserveStock(@TargetAggregateIdentifier String sku, String orderId, int quantity) {
}
