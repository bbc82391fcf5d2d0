package io.emporium.messages.inventory;

import io.emporium.messages.common.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a SKU to the catalogue. Sending the same registration again changes nothing. */
public record RegisterProduct(@TargetAggregateIdentifier String sku, String name, Money unitPrice, int initialStock) {

    /**
     * The largest unit price, in minor units (10^12: ten billion of a currency with cents). With at most
     * {@link io.emporium.messages.order.PlaceOrder#MAX_LINES} lines of at most
     * {@link io.emporium.messages.order.OrderLine#MAX_QUANTITY} units, an order's total stays at most 10^18 minor
     * units, inside a Java {@code long} and a PostgreSQL {@code bigint} (decision 0045).
     */
    public static final long MAX_UNIT_PRICE_MINOR = 1_000_000_000_000L;
}
