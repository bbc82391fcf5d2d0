package io.emporium.messages.inventory;

import io.emporium.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a SKU to the catalogue. Sending the same registration again changes nothing. */
public record RegisterProduct(@TargetAggregateIdentifier String sku, String name, Money unitPrice, int initialStock) {
}
