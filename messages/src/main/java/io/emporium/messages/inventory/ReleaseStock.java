package io.emporium.messages.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives an order's reserved units back. Releasing a reservation that was already released, or that
 * never existed, changes nothing: compensations may be repeated safely.
 */
public record ReleaseStock(@TargetAggregateIdentifier String sku, String orderId, String reason) {
}
