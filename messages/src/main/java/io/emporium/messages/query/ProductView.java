package io.emporium.messages.query;

import io.emporium.messages.common.Money;

/** A catalogue entry with its stock: {@code available} is {@code onHand} minus {@code reserved}. */
public record ProductView(String sku, String name, Money unitPrice, int onHand, int reserved, int available) {
}
