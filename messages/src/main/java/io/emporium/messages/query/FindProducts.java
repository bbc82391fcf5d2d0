package io.emporium.messages.query;

/** The whole product catalogue with stock, ordered by SKU; answered with a {@link ProductCatalogue}. */
public record FindProducts() {
}
