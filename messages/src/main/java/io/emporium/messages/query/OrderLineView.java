package io.emporium.messages.query;

import io.emporium.messages.common.Money;

/** One line of an order; {@code unitPrice} is the price at reservation, {@code null} until the line is reserved. */
public record OrderLineView(String sku, int quantity, Money unitPrice) {
}
