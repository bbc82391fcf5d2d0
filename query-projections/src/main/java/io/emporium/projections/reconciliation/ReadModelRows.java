package io.emporium.projections.reconciliation;

import io.emporium.messages.common.Money;
import java.util.List;

/**
 * The read-model rows the reconciliation compares, read a page at a time in key order (keyset pagination: each
 * page starts after the last key of the one before, so a page costs the same deep in the table as at its start).
 */
interface ReadModelRows {

    /** Up to {@code limit} order views with an id after {@code afterId} ({@code ""} for the first page). */
    List<OrderRow> orders(String afterId, int limit);

    List<PaymentRow> payments(String afterId, int limit);

    List<ProductRow> products(String afterSku, int limit);

    /** Ids of the orders whose fulfilment saga is still running, after {@code afterId}. */
    List<String> ordersWithRunningSaga(String afterId, int limit);

    /** The lowest position every segment of the projection has processed, or -1 if it has processed nothing. */
    long projectedUpTo(String projection);

    record OrderRow(String orderId, String customerId, String status, long lastSequence, List<LineRow> lines) {
    }

    /** {@code unitPrice} is null until the line is reserved. */
    record LineRow(String sku, int quantity, Money unitPrice) {
    }

    record PaymentRow(String paymentId, String orderId, String status, Money requested, Money authorized,
                      Money refunded, long lastSequence) {
    }

    record ProductRow(String sku, String name, Money unitPrice, int onHand, int reserved, long lastSequence) {
    }
}
