package io.emporium.projections.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.projection.ReconciliationReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run over a real (in-memory) Axon event store: read to the head captured at its start, or stopped at its budget. */
class ReconciliationTest {

    final EmbeddedEventStore store = EmbeddedEventStore.builder()
                                                       .storageEngine(new InMemoryEventStorageEngine())
                                                       .build();
    final List<ReadModelRows.ProductRow> products = new ArrayList<>();

    final ReadModelRows readModels = new ReadModelRows() {
        @Override
        public List<OrderRow> orders(String afterId, int limit) {
            return List.of();
        }

        @Override
        public List<PaymentRow> payments(String afterId, int limit) {
            return List.of();
        }

        @Override
        public List<ProductRow> products(String afterSku, int limit) {
            return products.stream().filter(row -> row.sku().compareTo(afterSku) > 0).limit(limit).toList();
        }

        @Override
        public List<String> ordersWithRunningSaga(String afterId, int limit) {
            return List.of();
        }

        @Override
        public long projectedUpTo(String projection) {
            return Long.MAX_VALUE;
        }
    };

    @AfterEach
    void close() {
        store.shutDown();
    }

    void append(String sku, long sequence, Object payload) {
        store.publish(new GenericDomainEventMessage<>("InventoryItem", sku, sequence, payload));
    }

    ReconciliationReport run(long maxEvents, int pageSize) {
        return new Reconciliation(store, readModels,
                                  new ReconciliationProperties(Duration.ofSeconds(10), maxEvents, pageSize),
                                  Clock.systemUTC()).run();
    }

    @Test
    void readsTheStoreToItsHeadAndTheReadModelsInPages() {
        for (int i = 0; i < 5; i++) {
            String sku = "SKU-" + i;
            append(sku, 0, new ProductRegistered(sku, "Item " + i, Money.of(100, "EUR"), 3));
            products.add(new ReadModelRows.ProductRow(sku, "Item " + i, Money.of(100, "EUR"), 3, 0, 0));
        }
        products.set(4, new ReadModelRows.ProductRow("SKU-4", "Item 4", Money.of(100, "EUR"), 2, 0, 0));

        ReconciliationReport report = run(1_000, 2);

        assertThat(report.complete()).isTrue();
        assertThat(report.eventsRead()).isEqualTo(5);
        assertThat(report.skusChecked()).isEqualTo(5);
        // The last row is on the third page of two: every page was read.
        assertThat(report.discrepancies()).extracting(d -> d.kind() + " " + d.subject())
                                          .containsExactly("read-model-mismatch SKU-4");
    }

    @Test
    void stopsAtItsEventBudgetAndSaysSo() {
        append("SKU", 0, new ProductRegistered("SKU", "Item", Money.of(100, "EUR"), 3));
        append("SKU", 1, new StockReceived("SKU", 2, 5));
        append("SKU", 2, new StockReceived("SKU", 2, 9)); // does not balance, but lies past the budget

        ReconciliationReport stopped = run(2, 10);
        assertThat(stopped.complete()).isFalse();
        assertThat(stopped.eventsRead()).isEqualTo(2);
        assertThat(stopped.discrepancies()).isEmpty();

        ReconciliationReport whole = run(3, 10);
        assertThat(whole.complete()).isTrue();
        assertThat(whole.discrepancies()).extracting(d -> d.kind()).containsExactly("stock-balance-mismatch",
                                                                                      "read-model-row-missing");
    }

    @Test
    void answersCompleteAndEmptyOnAnEmptyStore() {
        ReconciliationReport report = run(10, 10);
        assertThat(report.complete()).isTrue();
        assertThat(report.eventsRead()).isZero();
        assertThat(report.discrepancies()).isEmpty();
    }
}
