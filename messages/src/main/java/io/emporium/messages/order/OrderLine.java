package io.emporium.messages.order;

/** One SKU of an order and how many units of it. */
public record OrderLine(String sku, int quantity) {
}
