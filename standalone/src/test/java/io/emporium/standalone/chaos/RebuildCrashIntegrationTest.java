package io.emporium.standalone.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.platform.serialization.AxonJson;
import io.emporium.standalone.FreshTestDatabase;
import io.emporium.standalone.ReadModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A rebuild (decision 0049) whose platform is killed with SIGKILL half way: after the restart it resumes from its
 * processor's token, switches, and the read models then hold what they held before; the live read model never lost a
 * row meanwhile.
 * <p>
 * To kill it half way for certain, the history is 1,200 catalogue events and then one order placed through the API, the rebuild projects one
 * event per transaction, and the test holds a lock on the new generation's order table that lets the rebuild read but
 * not write it: the rebuild stops at the order, with every catalogue event behind it.
 */
class RebuildCrashIntegrationTest {

    private static final int SKUS = 20;
    private static final int RECEIPTS_PER_SKU = 59;

    @Test
    void aRebuildKilledHalfWayResumesFromItsTokenAfterARestartAndTheLiveModelNeverLostARow() throws Exception {
        String database = FreshTestDatabase.siblingUrl("_rebuild_crash");
        FreshTestDatabase.drop(database);
        try (PlatformProcess platform = new PlatformProcess("rebuild-crash", database, List.of(
                "--emporium.projections.rebuild.batch-size=1",
                "--emporium.projections.rebuild.report-interval=200ms",
                "--emporium.projections.rebuild.takeover-after=2s"))) {
            platform.start();
            ChaosClient client = new ChaosClient(platform.base());
            client.login("rebuild-crash");
            String prefix = "CRASH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase() + "-";
            JdbcTemplate jdbc = jdbc(database);
            appendCatalogue(jdbc, prefix);
            String orderId = UUID.randomUUID().toString();
            expect(client.command("/api/orders", """
                    {"orderId":"%s","lines":[{"sku":"%s0","quantity":2}],"paymentMethodToken":"pm_approve"}"""
                    .formatted(orderId, prefix), UUID.randomUUID().toString()), 202);
            await().atMost(Duration.ofSeconds(60)).until(() -> "CONFIRMED".equals(
                    jdbc.query("SELECT status FROM order_view WHERE order_id = ?", rs -> rs.next() ? rs.getString(1) : null,
                               orderId)));
            awaitLiveCaughtUp(client);
            Map<String, List<Map<String, Object>>> before = ReadModels.capture(jdbc);
            long placedAt = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? "
                                                        + "AND sequence_number = 0", Long.class, orderId);

            long id;
            try (Connection holder = DriverManager.getConnection(database, FreshTestDatabase.credentials())) {
                ChaosClient.Answer started = client.sendOnce("POST", "/api/admin/rebuilds",
                                                             "{\"maxEventsPerSecond\":20000}", null);
                expect(started, 202);
                id = started.body().get("rebuildId").asLong();
                holder.setAutoCommit(false);
                try (Statement lock = holder.createStatement()) {
                    lock.execute("LOCK TABLE emporium_rebuild.order_view IN SHARE MODE");
                }
                // Every event before the order is projected and recorded; the order's own cannot be written.
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    JsonNode status = client.read("/api/admin/rebuilds/" + id).body();
                    return status.path("position").asLong(-1) == placedAt - 1;
                });
                assertThat(client.read("/api/admin/rebuilds/" + id).body().get("phase").asText()).isEqualTo("REBUILDING");
                platform.kill();
                holder.rollback();
            }

            assertThat(ReadModels.capture(jdbc)).as("the live read model after the kill").isEqualTo(before);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM emporium_rebuild.product_view WHERE sku LIKE ?",
                                           Integer.class, prefix + "%")).isEqualTo(SKUS);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ? AND token IS NOT NULL",
                                           Integer.class, "rebuild-" + id)).isEqualTo(1);

            platform.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> "SWITCHED".equals(
                    client.read("/api/admin/rebuilds/" + id).body().path("phase").asText()));
            assertThat(Files.readString(Path.of("target", "chaos-logs", "rebuild-crash-1.log")))
                    .as("the rebuild reads the store with the bulk fetch, not through the live processors' store")
                    .contains("Rebuild " + id + " of [order-views, product-catalogue, payment-views] started at head")
                    .contains("at most 20000 events/s, reading BulkEventSource");
            String log = Files.readString(Path.of("target", "chaos-logs", "rebuild-crash-2.log"));
            assertThat(log).contains("Rebuild " + id + " of [order-views, product-catalogue, payment-views] was left by "
                                             + "its node at position " + (placedAt - 1)
                                             + ": resuming it here from its token");
            assertThat(client.read("/api/admin/rebuilds/" + id).body().get("maxEventsPerSecond").asInt())
                    .as("the bound is the rebuild's, kept across the takeover").isEqualTo(20000);
            awaitLiveCaughtUp(client);
            assertThat(ReadModels.capture(jdbc)).as("the read models after the switch").isEqualTo(before);
            assertThat(jdbc.queryForObject("SELECT generation FROM projection_generation WHERE projection = 'order-views'",
                                           Integer.class)).isEqualTo(2);
        }
    }

    /**
     * The catalogue's history, appended by JDBC as the platform stores events (its own Jackson mapper, aggregate type
     * {@code InventoryItem}): a thousand commands over HTTP would take minutes. The live projections follow it.
     */
    private static void appendCatalogue(JdbcTemplate jdbc, String prefix) throws Exception {
        ObjectMapper json = AxonJson.objectMapper();
        List<Object[]> rows = new ArrayList<>();
        for (int s = 0; s < SKUS; s++) {
            String sku = prefix + s;
            rows.add(row(json, sku, 0, new ProductRegistered(sku, "Crash item", Money.of(500, "EUR"), 10)));
            for (int r = 1; r <= RECEIPTS_PER_SKU; r++) {
                rows.add(row(json, sku, r, new StockReceived(sku, 1, 10 + r)));
            }
        }
        jdbc.batchUpdate("INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type, "
                                 + "event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp) "
                                 + "VALUES (nextval('domain_event_entry_seq'), ?, ?, 'InventoryItem', ?, ?, NULL, ?, ?, ?)",
                         rows);
    }

    private static Object[] row(ObjectMapper json, String sku, long sequence, Object payload) throws Exception {
        String eventId = UUID.randomUUID().toString();
        return new Object[] {sku, sequence, eventId, payload.getClass().getName(), json.writeValueAsBytes(payload),
                             json.writeValueAsBytes(Map.of("correlationId", eventId)), Instant.now().toString()};
    }

    private static void expect(ChaosClient.Answer answer, int status) {
        assertThat(answer).as("no answer").isNotNull();
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(status);
    }

    private static void awaitLiveCaughtUp(ChaosClient client) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode projections = client.read("/api/admin/projections").body().get("projections");
            for (JsonNode projection : projections) {
                if (!projection.get("running").asBoolean() || projection.path("lag").asLong(-1) != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    private static JdbcTemplate jdbc(String url) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
        dataSource.setConnectionProperties(FreshTestDatabase.credentials());
        return new JdbcTemplate(dataSource);
    }
}
