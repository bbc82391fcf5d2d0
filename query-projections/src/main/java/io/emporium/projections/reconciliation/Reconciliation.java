package io.emporium.projections.reconciliation;

import io.emporium.messages.projection.ReconciliationReport;
import io.emporium.projections.ProjectionNames;
import io.emporium.projections.reconciliation.ReadModelRows.OrderRow;
import io.emporium.projections.reconciliation.ReadModelRows.PaymentRow;
import io.emporium.projections.reconciliation.ReadModelRows.ProductRow;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation run: captures the head of the event store, streams the store once from its first event to that
 * head folding {@link Books}, then reads the running sagas and the read models a page at a time and checks them
 * ({@link Reconciler}). The event source is Axon's {@link StreamableMessageSource}, so the run is the same on the
 * embedded store and on Axon Server. It stops at its time or event budget ({@link ReconciliationProperties}) and then
 * says so ({@code complete=false}); checks that need the whole stream (stock, orders, payments, missing rows) are
 * skipped when the stream was not read to the head, as they would report events not read yet.
 */
public class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    private static final long POLL_MILLIS = 100;

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final ReadModelRows readModels;
    private final ReconciliationProperties budget;
    private final Clock clock;

    Reconciliation(StreamableMessageSource<TrackedEventMessage<?>> events, ReadModelRows readModels,
                   ReconciliationProperties budget, Clock clock) {
        this.events = events;
        this.readModels = readModels;
        this.budget = budget;
        this.clock = clock;
    }

    public ReconciliationReport run() {
        Instant startedAt = clock.instant();
        Instant deadline = startedAt.plus(budget.maxDuration());
        Set<String> runningSagas = runningSagas();
        TrackingToken head = events.createHeadToken();
        Books books = new Books();
        long read = 0;
        boolean streamComplete = head == null;
        if (!streamComplete) {
            try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(null)) {
                while (!streamComplete && read < budget.maxEvents() && clock.instant().isBefore(deadline)) {
                    if (!stream.hasNextAvailable((int) POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    TrackedEventMessage<?> event = stream.nextAvailable();
                    read++;
                    long sequence = event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : -1;
                    long position = event.trackingToken().position().orElse(read);
                    books.apply(event.getPayload(), sequence, position);
                    streamComplete = event.trackingToken().covers(head);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("reconciliation interrupted while reading events", interrupted);
            }
        }
        // Sagas running now or at the start: an order whose saga ran at either moment is still being settled.
        runningSagas.addAll(runningSagas());
        Reconciler reconciler = new Reconciler(books, runningSagas);
        boolean complete = streamComplete;
        if (streamComplete) {
            reconciler.checkBooks();
            long orderViews = readModels.projectedUpTo(ProjectionNames.ORDER_VIEWS);
            long paymentViews = readModels.projectedUpTo(ProjectionNames.PAYMENT_VIEWS);
            long catalogue = readModels.projectedUpTo(ProjectionNames.PRODUCT_CATALOGUE);
            complete = pages(readModels::orders, OrderRow::orderId, row -> reconciler.checkOrderRow(row, orderViews),
                             deadline)
                    && pages(readModels::payments, PaymentRow::paymentId,
                             row -> reconciler.checkPaymentRow(row, paymentViews), deadline)
                    && pages(readModels::products, ProductRow::sku, row -> reconciler.checkProductRow(row, catalogue),
                             deadline);
            if (complete) {
                reconciler.checkMissingRows(orderViews, paymentViews, catalogue);
            }
        }
        ReconciliationReport report = new ReconciliationReport(
                startedAt, clock.instant(), complete, read, reconciler.ordersChecked(), reconciler.ordersInFlight(),
                books.skus.values().stream().filter(sku -> sku.registered).count(),
                books.payments.values().stream().filter(payment -> payment.requested != null).count(),
                reconciler.discrepancies());
        log.info("Reconciliation {}: {} events read, {} orders checked, {} in flight, {} discrepancies",
                 complete ? "complete" : "stopped at its budget", read, report.ordersChecked(),
                 report.ordersInFlight(), report.discrepancies().size());
        return report;
    }

    private Set<String> runningSagas() {
        Set<String> orders = new HashSet<>();
        String after = "";
        List<String> page;
        do {
            page = readModels.ordersWithRunningSaga(after, budget.pageSize());
            orders.addAll(page);
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == budget.pageSize());
        return orders;
    }

    private interface Page<R> {
        List<R> after(String key, int limit);
    }

    /** Reads every page of one table; false if the deadline came first. */
    private <R> boolean pages(Page<R> table, Function<R, String> key, java.util.function.Consumer<R> check,
                              Instant deadline) {
        String after = "";
        List<R> page;
        do {
            if (!clock.instant().isBefore(deadline)) {
                return false;
            }
            page = table.after(after, budget.pageSize());
            page.forEach(check);
            after = page.isEmpty() ? after : key.apply(page.get(page.size() - 1));
        } while (page.size() == budget.pageSize());
        return true;
    }
}
