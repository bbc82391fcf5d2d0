package io.emporium.projections.order;

import io.emporium.messages.common.Money;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.query.OrderLineView;
import io.emporium.messages.query.OrderSummary;
import io.emporium.messages.query.OrderSummaryPage;
import io.emporium.messages.query.OrderView;
import io.emporium.messages.query.StatusChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The order views in memory, for testing the projection's decisions without a database. */
class InMemoryOrderViewStore implements OrderViewStore {

    private static final class Row {
        String customerId;
        OrderStatus status;
        Instant placedAt;
        long sequence;
        final Map<String, Line> lines = new LinkedHashMap<>();
        final List<StatusChange> history = new ArrayList<>();
    }

    private static final class Line {
        int quantity;
        Money unitPrice;
        Long priceSequence;
    }

    private final Map<String, Row> orders = new LinkedHashMap<>();

    @Override
    public <T> T atomically(Supplier<T> step) {
        return step.get();
    }

    @Override
    public boolean insertOrder(String orderId, String customerId, List<OrderLine> lines, Instant placedAt,
                               long sequence) {
        if (orders.containsKey(orderId)) {
            return false;
        }
        Row row = new Row();
        row.customerId = customerId;
        row.status = OrderStatus.PENDING;
        row.placedAt = placedAt;
        row.sequence = sequence;
        for (OrderLine line : lines) {
            Line stored = new Line();
            stored.quantity = line.quantity();
            row.lines.put(line.sku(), stored);
        }
        row.history.add(new StatusChange(OrderStatus.PENDING, placedAt, null));
        orders.put(orderId, row);
        return true;
    }

    @Override
    public boolean changeStatus(String orderId, OrderStatus status, Instant at, String reason, long sequence) {
        Row row = orders.get(orderId);
        if (row == null || sequence <= row.sequence) {
            return false;
        }
        row.status = status;
        row.sequence = sequence;
        row.history.add(new StatusChange(status, at, reason));
        return true;
    }

    @Override
    public boolean priceLine(String orderId, String sku, Money unitPrice, long skuSequence) {
        Row row = orders.get(orderId);
        Line line = row == null ? null : row.lines.get(sku);
        if (line == null || (line.priceSequence != null && skuSequence <= line.priceSequence)) {
            return false;
        }
        line.unitPrice = unitPrice;
        line.priceSequence = skuSequence;
        return true;
    }

    @Override
    public OrderView find(String orderId) {
        Row row = orders.get(orderId);
        if (row == null) {
            return null;
        }
        List<OrderLineView> lines = new ArrayList<>();
        row.lines.forEach((sku, line) -> lines.add(new OrderLineView(sku, line.quantity, line.unitPrice)));
        return new OrderView(orderId, row.customerId, row.status, row.placedAt, lines, OrderTotals.of(lines),
                             row.history);
    }

    @Override
    public OrderSummaryPage findOfCustomer(String customerId, OrderStatus status, int page, int size) {
        List<OrderSummary> matching = orders.entrySet().stream()
                .filter(e -> e.getValue().customerId.equals(customerId))
                .filter(e -> status == null || e.getValue().status == status)
                .map(e -> {
                    OrderView view = find(e.getKey());
                    return new OrderSummary(e.getKey(), view.status(), view.placedAt(), view.lines().size(),
                                            view.total());
                })
                .sorted(Comparator.comparing(OrderSummary::placedAt).thenComparing(OrderSummary::orderId).reversed())
                .toList();
        List<OrderSummary> items = matching.stream().skip((long) page * size).limit(size).toList();
        return new OrderSummaryPage(customerId, page, size, matching.size(), items);
    }

    @Override
    public void clear() {
        orders.clear();
    }
}
