package io.emporium.messages.order;

/** One SKU of an order and how many units of it. */
public record OrderLine(String sku, int quantity) {

    /** The most units one line may ask for (decision 0045 bounds an order's total with it). */
    public static final int MAX_QUANTITY = 10_000;
}
