package io.emporium.projections;

import java.util.List;

/**
 * The processing groups of the read models. Each is its own pooled streaming event processor of the same
 * name, tuned under {@code emporium.projections.processors.<name>}, and has its own dead-letter queue.
 */
public final class ProjectionNames {

    /** Order views, status histories and each customer's order list. */
    public static final String ORDER_VIEWS = "order-views";
    /** The product catalogue with stock on hand, reserved and available. */
    public static final String PRODUCT_CATALOGUE = "product-catalogue";
    /** Payments per order with their refunds. */
    public static final String PAYMENT_VIEWS = "payment-views";

    public static final List<String> ALL = List.of(ORDER_VIEWS, PRODUCT_CATALOGUE, PAYMENT_VIEWS);

    private ProjectionNames() {
    }
}
