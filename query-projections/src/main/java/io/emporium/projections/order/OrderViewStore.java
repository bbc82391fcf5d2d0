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
 * Where the order views live. The projection decides what to write; the store writes it unless the row has seen that
 * event already, in the same statement (no read first), and says whether anything changed. Sequence numbers passed in
 * are those of the aggregate that owns the row: the order's for the order, its status history and its lines, the
 * SKU's for a line's reservation price.
 */
public interface OrderViewStore extends AtomicSteps {

    /**
     * A new PENDING order with its lines (unpriced) and the first entry of its status history.
     *
     * @return false, changing nothing, when the order is there already
     */
    boolean insertOrder(String orderId, String customerId, List<OrderLine> lines, Instant placedAt, long sequence);

    /**
     * The order moves to {@code status}, and the change is appended to its history.
     *
     * @return false, changing nothing, when the order is unknown or has applied this order event or a later one
     */
    boolean changeStatus(String orderId, OrderStatus status, Instant at, String reason, long sequence);

    /**
     * The line's unit price at reservation, from the SKU's event at {@code skuSequence}.
     *
     * @return false, changing nothing, when the order has no line of {@code sku} or the line was priced by this SKU
     *         event or a later one
     */
    boolean priceLine(String orderId, String sku, Money unitPrice, long skuSequence);

    OrderView find(String orderId);

    OrderSummaryPage findOfCustomer(String customerId, OrderStatus status, int page, int size);

    /** Drops every order view: the projection is about to be rebuilt from the first event. */
    void clear();
}
