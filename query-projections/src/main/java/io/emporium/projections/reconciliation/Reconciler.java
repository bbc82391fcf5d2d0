package io.emporium.projections.reconciliation;

import io.emporium.messages.common.Money;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.projection.Discrepancy;
import io.emporium.projections.reconciliation.Books.Order;
import io.emporium.projections.reconciliation.Books.Payment;
import io.emporium.projections.reconciliation.Books.Sku;
import io.emporium.projections.reconciliation.ReadModelRows.LineRow;
import io.emporium.projections.reconciliation.ReadModelRows.OrderRow;
import io.emporium.projections.reconciliation.ReadModelRows.PaymentRow;
import io.emporium.projections.reconciliation.ReadModelRows.ProductRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checks of a reconciliation over folded {@link Books}. An order in flight (not final, or final with its saga
 * still running: compensating, or in its late-answer window, decision 0007) is counted and left alone, and so are
 * its payments and reservations. A read-model row is compared only once its projection has processed every event
 * of its entity (the entity's last position is at or below the projection's position), so a projection that lags
 * is not reported; a row newer than the books (written after the head the run started at) is left alone too.
 */
final class Reconciler {

    private final Books books;
    private final Set<String> runningSagas;
    private final List<Discrepancy> found = new ArrayList<>();
    private final Set<String> ordersSeen = new HashSet<>();
    private final Set<String> paymentsSeen = new HashSet<>();
    private final Set<String> productsSeen = new HashSet<>();

    Reconciler(Books books, Set<String> runningSagas) {
        this.books = books;
        this.runningSagas = runningSagas;
        found.addAll(books.found);
    }

    List<Discrepancy> discrepancies() {
        return List.copyOf(found);
    }

    boolean inFlight(Order order) {
        return !order.isFinal() || runningSagas.contains(order.orderId);
    }

    long ordersInFlight() {
        return books.orders.values().stream().filter(order -> order.placed && inFlight(order)).count();
    }

    long ordersChecked() {
        return books.orders.values().stream().filter(order -> order.placed && !inFlight(order)).count();
    }

    /** Stock, reservations and payments against the order statuses. */
    void checkBooks() {
        Map<String, List<Payment>> paymentsByOrder = new HashMap<>();
        for (Payment payment : books.payments.values()) {
            if (payment.orderId != null) {
                paymentsByOrder.computeIfAbsent(payment.orderId, id -> new ArrayList<>()).add(payment);
            }
        }
        for (Sku sku : books.skus.values()) {
            checkStock(sku);
        }
        for (Order order : books.orders.values()) {
            if (order.placed && !inFlight(order)) {
                checkOrder(order, paymentsByOrder.getOrDefault(order.orderId, List.of()));
            }
        }
    }

    private void checkStock(Sku sku) {
        long expected = sku.initial + sku.receivedUnits - sku.committedUnits;
        if (expected != sku.onHand) {
            add("stock-balance-mismatch", sku.sku,
                "SKU " + sku.sku + ": " + sku.initial + " initial + " + sku.receivedUnits + " received - "
                        + sku.committedUnits + " committed = " + expected + ", but its events say " + sku.onHand
                        + " on hand.");
        }
        for (Map.Entry<String, Integer> held : sku.held.entrySet()) {
            Order order = books.orders.get(held.getKey());
            if (order != null && !inFlight(order)) {
                add("reservation-held-by-ended-order", order.orderId,
                    "Order " + order.orderId + " is " + order.status + " but SKU " + sku.sku + " still holds "
                            + held.getValue() + " units reserved for it.");
            }
        }
    }

    private void checkOrder(Order order, List<Payment> payments) {
        List<Payment> holding = payments.stream().filter(Payment::holdsMoney).toList();
        if (order.status != OrderStatus.CONFIRMED) {
            for (Payment payment : holding) {
                long left = payment.authorized.amountMinor()
                        - (payment.refunded == null ? 0 : payment.refunded.amountMinor());
                add("payment-held-by-unconfirmed-order", order.orderId,
                    "Order " + order.orderId + " is " + order.status + " but payment " + payment.paymentId
                            + " still holds " + left + " " + payment.authorized.currency() + " (minor units) of "
                            + payment.authorized.amountMinor() + " authorized.");
            }
            return;
        }
        List<Payment> authorized = payments.stream().filter(payment -> payment.authorized != null).toList();
        Money total = order.committedTotal();
        if (authorized.size() != 1) {
            add("confirmed-order-payment-mismatch", order.orderId,
                "Order " + order.orderId + " is CONFIRMED with " + authorized.size()
                        + " authorized payments; exactly one is expected.");
        } else if (!Objects.equals(authorized.get(0).authorized, total)) {
            add("confirmed-order-payment-mismatch", order.orderId,
                "Order " + order.orderId + " is CONFIRMED for " + describe(total) + " committed, but payment "
                        + authorized.get(0).paymentId + " authorized " + describe(authorized.get(0).authorized)
                        + ".");
        }
    }

    // ---- read models ----

    void checkOrderRow(OrderRow row, long projectedUpTo) {
        ordersSeen.add(row.orderId());
        Order order = books.orders.get(row.orderId());
        if (order == null || !order.placed || order.lastPosition > projectedUpTo
                || row.lastSequence() > order.lastSequence) {
            return;
        }
        List<String> differences = new ArrayList<>();
        compare(differences, "status", row.status(), order.status.name());
        compare(differences, "customer", row.customerId(), order.customerId);
        compare(differences, "last sequence", row.lastSequence(), order.lastSequence);
        Map<String, LineRow> lines = new HashMap<>();
        row.lines().forEach(line -> lines.put(line.sku(), line));
        compare(differences, "lines", lines.size(), order.lines.size());
        for (OrderLine line : order.lines) {
            LineRow projected = lines.get(line.sku());
            if (projected == null) {
                differences.add("line " + line.sku() + " missing");
                continue;
            }
            compare(differences, "quantity of " + line.sku(), projected.quantity(), line.quantity());
            compare(differences, "unit price of " + line.sku(), describe(projected.unitPrice()),
                    describe(order.prices.get(line.sku())));
        }
        mismatch("order_view", row.orderId(), differences);
    }

    void checkPaymentRow(PaymentRow row, long projectedUpTo) {
        paymentsSeen.add(row.paymentId());
        Payment payment = books.payments.get(row.paymentId());
        if (payment == null || payment.requested == null || payment.lastPosition > projectedUpTo
                || row.lastSequence() > payment.lastSequence) {
            return;
        }
        List<String> differences = new ArrayList<>();
        compare(differences, "status", row.status(), payment.status.name());
        compare(differences, "order", row.orderId(), payment.orderId);
        compare(differences, "requested", describe(row.requested()), describe(payment.requested));
        compare(differences, "authorized", describe(row.authorized()), describe(payment.authorized));
        compare(differences, "refunded", describe(row.refunded()),
                describe(payment.refunded == null ? Money.zero(payment.requested.currency()) : payment.refunded));
        compare(differences, "last sequence", row.lastSequence(), payment.lastSequence);
        mismatch("payment_view", row.paymentId(), differences);
    }

    void checkProductRow(ProductRow row, long projectedUpTo) {
        productsSeen.add(row.sku());
        Sku sku = books.skus.get(row.sku());
        if (sku == null || !sku.registered || sku.lastPosition > projectedUpTo
                || row.lastSequence() > sku.lastSequence) {
            return;
        }
        List<String> differences = new ArrayList<>();
        compare(differences, "name", row.name(), sku.name);
        compare(differences, "unit price", describe(row.unitPrice()), describe(sku.unitPrice));
        compare(differences, "on hand", (long) row.onHand(), sku.onHand);
        compare(differences, "reserved", (long) row.reserved(), sku.heldUnits());
        compare(differences, "last sequence", row.lastSequence(), sku.lastSequence);
        mismatch("product_view", row.sku(), differences);
    }

    /** Entities every projection has seen all events of, yet without a row; call after every page is read. */
    void checkMissingRows(long orderViewsAt, long paymentViewsAt, long catalogueAt) {
        for (Order order : books.orders.values()) {
            if (order.placed && order.lastPosition <= orderViewsAt && !ordersSeen.contains(order.orderId)) {
                missing("order_view", order.orderId);
            }
        }
        for (Payment payment : books.payments.values()) {
            if (payment.requested != null && payment.lastPosition <= paymentViewsAt
                    && !paymentsSeen.contains(payment.paymentId)) {
                missing("payment_view", payment.paymentId);
            }
        }
        for (Sku sku : books.skus.values()) {
            if (sku.registered && sku.lastPosition <= catalogueAt && !productsSeen.contains(sku.sku)) {
                missing("product_view", sku.sku);
            }
        }
    }

    private void missing(String table, String subject) {
        add("read-model-row-missing", subject,
            table + " has no row for " + subject + ", though its projection has processed all of its events.");
    }

    private void mismatch(String table, String subject, List<String> differences) {
        if (!differences.isEmpty()) {
            add("read-model-mismatch", subject, table + " row of " + subject + " differs from its events: "
                    + String.join("; ", differences) + ".");
        }
    }

    private static void compare(List<String> differences, String field, Object projected, Object fromEvents) {
        if (!Objects.equals(projected, fromEvents)) {
            differences.add(field + " is " + projected + " in the read model, " + fromEvents + " by the events");
        }
    }

    private static String describe(Money money) {
        return money == null ? "nothing" : money.amountMinor() + " " + money.currency();
    }

    private void add(String kind, String subject, String detail) {
        found.add(new Discrepancy(kind, subject, detail));
    }
}
