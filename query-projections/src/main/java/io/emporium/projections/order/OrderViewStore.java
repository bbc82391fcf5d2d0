package io.emporium.projections.order;

import io.emporium.messages.common.Money;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.query.OrderSummaryPage;
import io.emporium.messages.query.OrderView;
import io.emporium.projections.support.AtomicSteps;
import java.time.Instant;
import java.util.List;

/**
 * Where the order views live. The projection decides; the store only reads and writes rows. Sequence
 * numbers passed in are those of the aggregate that owns the row: the order's for the order, its status
 * history and its lines, the SKU's for a line's reservation price.
 */
public interface OrderViewStore extends AtomicSteps {

    /** The sequence of the last order event applied to the order, or {@code null} when the order is unknown. */
    Long orderSequence(String orderId);

    /** A new PENDING order with its lines (unpriced) and the first entry of its status history. */
    void insertOrder(String orderId, String customerId, List<OrderLine> lines, Instant placedAt, long sequence);

    /** The order moves to {@code status}; the change is appended to its history. */
    void changeStatus(String orderId, OrderStatus status, Instant at, String reason, long sequence);

    /** The line of {@code sku} in the order, or {@code null} when the order has no such line. */
    LineState line(String orderId, String sku);

    /** The line's unit price at reservation, from the SKU's event at {@code skuSequence}. */
    void priceLine(String orderId, String sku, Money unitPrice, long skuSequence);

    OrderView find(String orderId);

    OrderSummaryPage findOfCustomer(String customerId, OrderStatus status, int page, int size);

    /** Drops every order view: the projection is about to be rebuilt from the first event. */
    void clear();

    /** A line as far as idempotency needs it: which SKU event priced it, if any. */
    record LineState(String sku, Long priceSequence) {
    }
}
