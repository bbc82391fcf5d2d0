package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.PlaceOrder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rebuilds beside the live read models (decision 0049), through HTTP: while orders are placed and confirmed the live
 * tables answer every query, the rebuild's progress streams as server-sent events, the new generation takes over once
 * it has caught up and then holds, row for row, what a fresh replay of the same events builds; a second rebuild of a
 * projection being rebuilt is refused with 409; a cancelled rebuild leaves the live model as it was; a poisoned event
 * is parked during a rebuild and handed to the live dead-letter queue at the switch.
 * <p>
 * The switch needs the live tables for a moment to itself. Where a test must see a rebuild before it switches, it
 * holds a read lock on a live table (which blocks no query and no live write): the switch then gives up after its
 * lock timeout and is tried again at the next report, until the test lets go.
 */
@IntegrationTest
class RebuildIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    Http http;

    @BeforeEach
    void connect() {
        http = new Http(port);
        // A rebuild another test left running would refuse this test's rebuilds.
        await().atMost(Duration.ofSeconds(60)).until(
                () -> jdbc.queryForObject("SELECT count(*) FROM projection_rebuild_claim", Integer.class) == 0);
    }

    @Test
    void aRebuildWhileOrdersArePlacedLeavesQueriesOnTheLiveModelAndSwitchesToRowsEqualToAFreshReplay()
            throws Exception {
        String mug = registeredSku("MUG");
        String cup = registeredSku("CUP");
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            placed.add(place(mug, cup));
        }
        String watched = placed.get(0);
        awaitAllConfirmed(placed);

        // Load: orders placed all through the rebuild; and a reader of an order and a product known before it.
        AtomicBoolean loading = new AtomicBoolean(true);
        Queue<String> placedDuring = new ConcurrentLinkedQueue<>();
        Queue<String> wrongAnswers = new ConcurrentLinkedQueue<>();
        Thread load = new Thread(() -> {
            while (loading.get()) {
                placedDuring.add(place(mug, cup));
                pause(25);
            }
        });
        Thread reader = new Thread(() -> {
            while (loading.get()) {
                Http.Response order = http.get("/api/orders/" + watched);
                if (order.status() != 200 || !"CONFIRMED".equals(order.json().get("status").asText())
                        || order.json().get("statusHistory").size() != 2) {
                    wrongAnswers.add("order: " + order.status() + " " + order.body());
                }
                Http.Response product = http.get("/api/products/" + mug);
                if (product.status() != 200) {
                    wrongAnswers.add("product: " + product.status() + " " + product.body());
                }
                pause(5);
            }
        });
        load.start();
        reader.start();
        JsonNode started;
        List<JsonNode> progress;
        try (Connection holder = dataSource.getConnection()) {
            holdReadLock(holder, "order_view");
            Http.Response start = http.post("/api/admin/rebuilds", "{}");
            assertThat(start.status()).as(start.body()).isEqualTo(202);
            started = start.json();
            long id = started.get("rebuildId").asLong();
            assertThat(start.header("Location")).isEqualTo("/api/admin/rebuilds/" + id);
            assertThat(started.get("projections")).extracting(JsonNode::asText)
                                                  .containsExactly("order-views", "product-catalogue", "payment-views");
            assertThat(started.get("maxEventsPerSecond").asInt()).as("a plain request runs at the default bound")
                                                                .isEqualTo(5000);

            Http.Response second = http.post("/api/admin/rebuilds", "{\"projections\":[\"payment-views\"]}");
            assertThat(second.status()).as(second.body()).isEqualTo(409);
            assertThat(second.contentType()).startsWith("application/problem+json");
            assertThat(second.json().get("code").asText()).isEqualTo("rebuild-running");

            // Caught up, the rebuild cannot switch while the test holds its lock: it follows the new orders meanwhile.
            progress = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread follower = follow(id, progress::add);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode status = http.get("/api/admin/rebuilds/" + id).json();
                return "CATCHING_UP".equals(status.get("phase").asText()) && status.hasNonNull("detail")
                        && status.get("detail").asText().startsWith("switch not possible yet");
            });
            holder.rollback();
            follower.join(Duration.ofSeconds(60).toMillis());
            assertThat(follower.isAlive()).as("the progress stream ends with the switch").isFalse();
        } finally {
            loading.set(false);
            load.join();
            reader.join();
        }

        assertThat(wrongAnswers).as("answers of the live model during the rebuild").isEmpty();
        assertThat(progress).isNotEmpty();
        assertThat(progress).extracting(event -> event.get("phase").asText())
                            .containsSubsequence("CATCHING_UP", "SWITCHED")
                            .allMatch(phase -> List.of("REBUILDING", "CATCHING_UP", "SWITCHED").contains(phase));
        JsonNode last = progress.get(progress.size() - 1);
        assertThat(last.get("eventsDone").asLong()).isEqualTo(last.get("eventsTotal").asLong()).isPositive();
        assertThat(last.get("generation").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(last.get("deadLetters").asLong()).isZero();
        assertThat(placedDuring).isNotEmpty();
        awaitAllConfirmed(List.copyOf(placedDuring));
        ReadModels.awaitCaughtUp(http);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'emporium_rebuild'",
                                       Integer.class)).isZero();

        Map<String, List<Map<String, Object>>> rebuilt = ReadModels.capture(jdbc);
        assertThat(rebuilt.get("order_view")).hasSizeGreaterThanOrEqualTo(placed.size() + placedDuring.size());
        replayAllInPlace();
        Map<String, List<Map<String, Object>>> replayed = ReadModels.capture(jdbc);
        for (String table : ReadModels.TABLES.keySet()) {
            assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(replayed.get(table));
        }
    }

    @Test
    void aSecondRebuildOfAProjectionIsRefusedWhileOthersMayRunAndACancelledOneLeavesTheLiveModelAsItWas()
            throws Exception {
        place(registeredSku("PEN"));
        ReadModels.awaitCaughtUp(http);
        Map<String, List<Map<String, Object>>> before = ReadModels.capture(jdbc);
        long orders;
        long products;
        try (Connection holder = dataSource.getConnection()) {
            holdReadLock(holder, "order_view");
            holdReadLock(holder, "product_view");
            Http.Response first = http.post("/api/admin/rebuilds", "{\"projections\":[\"order-views\"]}");
            assertThat(first.status()).as(first.body()).isEqualTo(202);
            orders = first.json().get("rebuildId").asLong();

            Http.Response overlapping = http.post("/api/admin/rebuilds",
                                                  "{\"projections\":[\"payment-views\",\"order-views\"]}");
            assertThat(overlapping.status()).as(overlapping.body()).isEqualTo(409);
            assertThat(overlapping.json().get("code").asText()).isEqualTo("rebuild-running");
            assertThat(overlapping.json().get("detail").asText()).contains("rebuild " + orders + " of order-views");
            Http.Response other = http.post("/api/admin/rebuilds", "{\"projections\":[\"product-catalogue\"]}");
            assertThat(other.status()).as(other.body()).isEqualTo(202);
            products = other.json().get("rebuildId").asLong();
            assertThat(http.post("/api/admin/rebuilds", "{\"projections\":[\"no-such-projection\"]}").status())
                    .isEqualTo(404);
            assertThat(http.post("/api/admin/rebuilds", "{\"projections\":\"order-views\"}").status())
                    .isEqualTo(400);

            await().atMost(Duration.ofSeconds(60)).until(
                    () -> "CATCHING_UP".equals(http.get("/api/admin/rebuilds/" + orders).json().get("phase").asText()));
            for (long id : List.of(orders, products)) {
                Http.Response cancel = http.delete("/api/admin/rebuilds/" + id);
                assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
                assertThat(cancel.json().get("phase").asText()).isEqualTo("CANCELLED");
                Http.Response again = http.delete("/api/admin/rebuilds/" + id);
                assertThat(again.status()).isEqualTo(409);
                assertThat(again.json().get("code").asText()).isEqualTo("rebuild-ended");
            }
            holder.rollback();
        }

        assertThat(http.get("/api/admin/rebuilds/999999999").status()).isEqualTo(404);
        assertThat(http.delete("/api/admin/rebuilds/999999999").status()).isEqualTo(404);
        JsonNode listed = http.get("/api/admin/rebuilds?limit=2").json().get("rebuilds");
        assertThat(listed).extracting(r -> r.get("rebuildId").asLong()).containsExactly(products, orders);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'emporium_rebuild'",
                                       Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name LIKE 'rebuild-%'",
                                       Integer.class)).isZero();
        Map<String, List<Map<String, Object>>> after = ReadModels.capture(jdbc);
        for (String table : ReadModels.TABLES.keySet()) {
            assertThat(after.get(table)).as(table).containsExactlyElementsOf(before.get(table));
        }
        // With nothing running, the same projection can be rebuilt again.
        Http.Response again = http.post("/api/admin/rebuilds", "{\"projections\":[\"order-views\"]}");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        long id = again.json().get("rebuildId").asLong();
        await().atMost(Duration.ofSeconds(60)).until(
                () -> "SWITCHED".equals(http.get("/api/admin/rebuilds/" + id).json().get("phase").asText()));
    }

    @Test
    void aPoisonedEventDuringARebuildIsParkedAndHandedToTheLiveDeadLetterQueueAtTheSwitch() {
        registeredSku("INK");
        ReadModels.awaitCaughtUp(http);
        String poisoned = UUID.randomUUID().toString();
        jdbc.execute("ALTER TABLE order_view ADD CONSTRAINT rebuild_poison CHECK (order_id <> '" + poisoned + "')");
        try {
            // No such SKU: the saga rejects the order at once, so its sequence is OrderPlaced and OrderRejected.
            placeWithId(poisoned, TestIds.sku("NOSUCH"));
            await().atMost(Duration.ofSeconds(30)).until(() -> lettersOf(poisoned).size() == 2);

            Http.Response start = http.post("/api/admin/rebuilds", "{\"projections\":[\"order-views\"]}");
            assertThat(start.status()).as(start.body()).isEqualTo(202);
            long id = start.json().get("rebuildId").asLong();
            JsonNode[] status = new JsonNode[1];
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                status[0] = http.get("/api/admin/rebuilds/" + id).json();
                return "SWITCHED".equals(status[0].get("phase").asText());
            });
            assertThat(status[0].get("deadLetters").asLong()).isEqualTo(2);

            // The live queue now holds the letters of the new generation: the same sequence, parked by the rebuild.
            List<JsonNode> letters = lettersOf(poisoned);
            assertThat(letters).hasSize(2);
            assertThat(letters).extracting(letter -> letter.get("group").asText()).containsOnly("order-views");
            assertThat(letters.get(0).get("cause").asText()).contains("rebuild_poison");
            assertThat(http.get("/api/orders/" + poisoned).status()).isEqualTo(404);
        } finally {
            // The new live table has the constraint too: the rebuild copies the live tables' definitions.
            jdbc.execute("ALTER TABLE order_view DROP CONSTRAINT IF EXISTS rebuild_poison");
        }
        Http.Response retry = http.post("/api/admin/dead-letters/order-views/retry", "");
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/orders/" + poisoned).status() == 200);
        assertThat(http.get("/api/orders/" + poisoned).json().get("status").asText()).isEqualTo("REJECTED");
        assertThat(lettersOf(poisoned)).isEmpty();
    }

    // ---- helpers ----

    private String registeredSku(String prefix) {
        String sku = TestIds.sku(prefix);
        commands.sendAndWait(new RegisterProduct(sku, "Rebuild " + prefix, Money.of(800, "EUR"), 100_000));
        return sku;
    }

    private String place(String... skus) {
        String orderId = UUID.randomUUID().toString();
        placeWithId(orderId, skus);
        return orderId;
    }

    private void placeWithId(String orderId, String... skus) {
        List<OrderLine> lines = new ArrayList<>();
        for (String sku : skus) {
            lines.add(new OrderLine(sku, 1));
        }
        commands.sendAndWait(new PlaceOrder(orderId, "customer-rebuild", lines, "pm_approve"));
    }

    private void awaitAllConfirmed(List<String> orderIds) {
        await().atMost(Duration.ofSeconds(60)).until(() -> orderIds.stream().allMatch(orderId -> {
            Http.Response order = http.get("/api/orders/" + orderId);
            return order.status() == 200 && "CONFIRMED".equals(order.json().get("status").asText());
        }));
    }

    private void replayAllInPlace() {
        for (String name : List.of("order-views", "product-catalogue", "payment-views")) {
            Http.Response replay = http.post("/api/admin/projections/" + name + "/replay", "");
            assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        }
        ReadModels.awaitCaughtUp(http);
    }

    private List<JsonNode> lettersOf(String sequenceId) {
        List<JsonNode> letters = new ArrayList<>();
        for (JsonNode letter : http.get("/api/admin/dead-letters").json().get("letters")) {
            if (letter.get("sequenceId").asText().equals(sequenceId)) {
                letters.add(letter);
            }
        }
        return letters;
    }

    /** A read lock on a live table, held by {@code holder}'s open transaction until it rolls back. */
    private static void holdReadLock(Connection holder, String table) throws Exception {
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN ACCESS SHARE MODE");
        }
    }

    /** Reads the rebuild's progress stream on a thread of its own, each event's status to {@code events}. */
    private Thread follow(long id, Consumer<JsonNode> events) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.base() + "/api/admin/rebuilds/" + id + "/progress"))
                                         .header("Accept", "text/event-stream")
                                         .header("Authorization", http.authorization())
                                         .timeout(Duration.ofSeconds(120))
                                         .build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                                                       .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread follower = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                                                                                 StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.accept(JSON.readTree(line.substring(5)));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        follower.start();
        return follower;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
