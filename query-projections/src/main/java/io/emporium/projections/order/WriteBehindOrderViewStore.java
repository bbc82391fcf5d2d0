package io.emporium.projections.order;

import io.emporium.messages.common.Money;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.query.OrderSummaryPage;
import io.emporium.messages.query.OrderView;
import io.emporium.projections.support.JdbcSavepoints;
import io.emporium.projections.support.RowCache;
import io.emporium.projections.support.WriteBehindStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The order views of a rebuild, written behind ({@link WriteBehindStore}) into the tables of {@code schema}, with the
 * same guards as {@link JdbcOrderViewStore}: an order's status moves only on a later order event, a line's price
 * only on a later SKU event. It only writes: queries read the live generation.
 */
public final class WriteBehindOrderViewStore extends WriteBehindStore implements OrderViewStore {

    private static final String[] HEAD_TYPES = {"varchar", "varchar", "varchar", "text", "int8"};
    private static final String[] LINE_TYPES = {"varchar", "int4", "varchar", "int4", "int8", "bpchar", "int8"};
    private static final String[] HISTORY_TYPES = {"varchar", "int8", "varchar", "text", "text"};

    private final RowCache<String, Head> heads;
    private final RowCache<String, Lines> lines;
    private final List<Object[]> history = new ArrayList<>();

    public WriteBehindOrderViewStore(JdbcTemplate jdbc, JdbcSavepoints savepoints, String schema, int cachedOrders) {
        super(jdbc, savepoints, schema);
        this.heads = new RowCache<>(cachedOrders);
        this.lines = new RowCache<>(cachedOrders);
    }

    @Override
    public boolean insertOrder(String orderId, String customerId, List<OrderLine> orderLines, Instant placedAt,
                               long sequence) {
        Head existing = exact() ? heads.get(orderId, this::loadHead) : heads.cached(orderId);
        if (existing != null) {
            return false;
        }
        Set<String> skus = new HashSet<>();
        List<Line> rows = new ArrayList<>(orderLines.size());
        for (int i = 0; i < orderLines.size(); i++) {
            OrderLine line = orderLines.get(i);
            if (!skus.add(line.sku())) {
                // The live store's insert fails on the primary key of order_line_view for such an order.
                throw new IllegalArgumentException("order " + orderId + " has two lines of SKU " + line.sku());
            }
            rows.add(new Line(i + 1, line.sku(), line.quantity(), null, null, null));
        }
        heads.put(orderId, new Head(orderId, customerId, OrderStatus.PENDING, placedAt, sequence));
        lines.put(orderId, new Lines(orderId, List.copyOf(rows)));
        history.add(historyRow(orderId, sequence, OrderStatus.PENDING, placedAt, null));
        return true;
    }

    @Override
    public boolean changeStatus(String orderId, OrderStatus status, Instant at, String reason, long sequence) {
        Head head = heads.get(orderId, this::loadHead);
        if (head == null || head.lastSequence() >= sequence) {
            return false;
        }
        heads.put(orderId, new Head(orderId, head.customerId(), status, head.placedAt(), sequence));
        history.add(historyRow(orderId, sequence, status, at, reason));
        return true;
    }

    @Override
    public boolean priceLine(String orderId, String sku, Money unitPrice, long skuSequence) {
        Lines current = lines.get(orderId, this::loadLines);
        if (current == null) {
            return false;
        }
        List<Line> rows = new ArrayList<>(current.rows());
        for (int i = 0; i < rows.size(); i++) {
            Line line = rows.get(i);
            if (line.sku().equals(sku)) {
                if (line.priceSequence() != null && line.priceSequence() >= skuSequence) {
                    return false;
                }
                rows.set(i, new Line(line.number(), sku, line.quantity(), unitPrice.amountMinor(),
                                     unitPrice.currency(), skuSequence));
                lines.put(orderId, new Lines(orderId, List.copyOf(rows)));
                return true;
            }
        }
        return false;
    }

    @Override
    public OrderView find(String orderId) {
        throw new UnsupportedOperationException("a rebuild's order views are not queried before they are live");
    }

    @Override
    public OrderSummaryPage findOfCustomer(String customerId, OrderStatus status, int page, int size) {
        throw new UnsupportedOperationException("a rebuild's order views are not queried before they are live");
    }

    @Override
    public void clear() {
        forget();
        jdbc.execute("TRUNCATE " + schema + ".order_view, " + schema + ".order_line_view, " + schema
                             + ".order_status_history");
    }

    @Override
    protected void write() {
        List<Object[]> headRows = new ArrayList<>();
        for (Head head : heads.takeChanged()) {
            headRows.add(new Object[] {head.orderId(), head.customerId(), head.status().name(),
                                       head.placedAt().toString(), head.lastSequence()});
        }
        List<Object[]> lineRows = new ArrayList<>();
        for (Lines changed : lines.takeChanged()) {
            for (Line line : changed.rows()) {
                lineRows.add(new Object[] {changed.orderId(), line.number(), line.sku(), line.quantity(),
                                           line.unitPriceMinor(), line.currency(), line.priceSequence()});
            }
        }
        writeRows("INSERT INTO " + schema + ".order_view (order_id, customer_id, status, placed_at, last_sequence) "
                          + "SELECT id, customer, status, CAST(at AS timestamptz), seq "
                          + "FROM unnest(?, ?, ?, ?, ?) AS r (id, customer, status, at, seq) "
                          + "ON CONFLICT (order_id) DO UPDATE "
                          + "SET status = EXCLUDED.status, last_sequence = EXCLUDED.last_sequence",
                  HEAD_TYPES, headRows);
        writeRows("INSERT INTO " + schema + ".order_line_view "
                          + "(order_id, line_number, sku, quantity, unit_price_minor, currency, price_sequence) "
                          + "SELECT * FROM unnest(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, sku) DO UPDATE "
                          + "SET unit_price_minor = EXCLUDED.unit_price_minor, currency = EXCLUDED.currency, "
                          + "price_sequence = EXCLUDED.price_sequence",
                  LINE_TYPES, lineRows);
        writeRows("INSERT INTO " + schema + ".order_status_history "
                          + "(order_id, sequence_number, status, changed_at, reason) "
                          + "SELECT id, seq, status, CAST(at AS timestamptz), reason "
                          + "FROM unnest(?, ?, ?, ?, ?) AS r (id, seq, status, at, reason)",
                  HISTORY_TYPES, history);
        history.clear();
    }

    @Override
    protected void forget() {
        heads.clear();
        lines.clear();
        history.clear();
    }

    private Head loadHead(String orderId) {
        List<Head> found = jdbc.query(
                "SELECT customer_id, status, placed_at, last_sequence FROM " + schema + ".order_view WHERE order_id = ?",
                (rs, n) -> new Head(orderId, rs.getString(1), OrderStatus.valueOf(rs.getString(2)),
                                    rs.getTimestamp(3).toInstant(), rs.getLong(4)), orderId);
        return found.isEmpty() ? null : found.get(0);
    }

    private Lines loadLines(String orderId) {
        List<Line> found = jdbc.query(
                "SELECT line_number, sku, quantity, unit_price_minor, currency, price_sequence FROM " + schema
                        + ".order_line_view WHERE order_id = ? ORDER BY line_number",
                (rs, n) -> new Line(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getObject(4, Long.class),
                                    rs.getString(5), rs.getObject(6, Long.class)), orderId);
        return found.isEmpty() ? null : new Lines(orderId, found);
    }

    private static Object[] historyRow(String orderId, long sequence, OrderStatus status, Instant at, String reason) {
        return new Object[] {orderId, sequence, status.name(), at.toString(), reason};
    }

    private record Head(String orderId, String customerId, OrderStatus status, Instant placedAt, long lastSequence) {
    }

    private record Line(int number, String sku, int quantity, Long unitPriceMinor, String currency,
                        Long priceSequence) {
    }

    private record Lines(String orderId, List<Line> rows) {
    }
}
