package io.emporium.messages.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds delivered units to the stock on hand. */
public record ReceiveStock(@TargetAggregateIdentifier String sku, int quantity) {
}
