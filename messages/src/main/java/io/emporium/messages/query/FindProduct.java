package io.emporium.messages.query;

/** One product with its stock; answered with a {@link ProductView}, or {@code null} when no such SKU is known. */
public record FindProduct(String sku) {
}
