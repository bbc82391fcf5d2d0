package io.emporium.messages.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Turns an order's reservation into a sale: the units leave the stock on hand. */
public record CommitReservation(@TargetAggregateIdentifier String sku, String orderId) {
}
