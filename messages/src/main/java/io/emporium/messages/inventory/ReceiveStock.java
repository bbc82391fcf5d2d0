package io.emporium.messages.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Adds delivered units to the stock on hand. With {@code expectedVersion} (the item's version the client saw), it is
 * refused when the item has changed since.
 */
public record ReceiveStock(@TargetAggregateIdentifier String sku, int quantity,
                           @TargetAggregateVersion Long expectedVersion) {

    public ReceiveStock(String sku, int quantity) {
        this(sku, quantity, null);
    }
}
