package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.saga.OrderFulfilmentSaga;
import io.emporium.standalone.FinalStates.Payment;
import io.emporium.standalone.FinalStates.Stock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database written by the platform at commit c863888 (JPA event, token and saga stores, the saga on 16
 * segments, each projection on 4) is upgraded in place: Flyway migrates it, the current platform starts on it,
 * merges its processors' segments down and brings every order that was in flight when the old process was killed
 * to the end its kind calls for. The fixture and how it was made: {@code src/test/resources/upgrade/README.md}.
 *
 * <p>The old process was killed at the fixture's last event. Its pending deadlines are moved by the time since then,
 * as if the upgrade ran right after the kill; otherwise every payment deadline would fire at once on start, before
 * the sagas behind the lagging tokens had caught up, and the outcome would race.
 */
class UpgradeInPlaceIntegrationTest {

    static final String FIXTURE = "/upgrade/c863888-fixture.sql.gz";
    static final String ORDERS = "/upgrade/c863888-orders.csv";
    /** Processors whose stored segments the current platform merges down (emporium.processing.merge-to). */
    static final Map<String, Integer> MERGED_SEGMENTS = Map.of("order-fulfilment", 1, "order-views", 1,
                                                               "product-catalogue", 1, "payment-views", 1,
                                                               "payment-provider", 2);
    static final Duration SETTLED = Duration.ofSeconds(120);

    /** What an order of each kind of the manifest must have ended as; a null cause or payment is not checked. */
    record Expected(OrderStatus status, RejectionCause cause, PaymentStatus payment, boolean sagaKept) {
    }

    static final Map<String, Expected> EXPECTED = Map.ofEntries(
            Map.entry("approved", new Expected(OrderStatus.CONFIRMED, null, PaymentStatus.AUTHORIZED, false)),
            Map.entry("declined", new Expected(OrderStatus.REJECTED, RejectionCause.PAYMENT_DECLINED,
                                               PaymentStatus.DECLINED, false)),
            Map.entry("out-of-stock", new Expected(OrderStatus.REJECTED, RejectionCause.OUT_OF_STOCK, null, false)),
            // Cancelled while pm_no_answer had not answered: the saga waits for a late answer to refund.
            Map.entry("cancelled", new Expected(OrderStatus.CANCELLED, null, PaymentStatus.AUTHORIZATION_REQUESTED,
                                                true)),
            Map.entry("late-refunded", new Expected(OrderStatus.REJECTED, RejectionCause.PAYMENT_TIMEOUT,
                                                    PaymentStatus.REFUNDED, false)),
            Map.entry("no-answer-timed-out", new Expected(OrderStatus.REJECTED, RejectionCause.PAYMENT_TIMEOUT,
                                                          PaymentStatus.AUTHORIZATION_REQUESTED, true)),
            Map.entry("no-answer-pending", new Expected(OrderStatus.REJECTED, RejectionCause.PAYMENT_TIMEOUT,
                                                        PaymentStatus.AUTHORIZATION_REQUESTED, true)),
            // pm_late's answer was due 60 s after the request, in the killed JVM's memory: only the deadline is left.
            Map.entry("late-pending", new Expected(OrderStatus.REJECTED, RejectionCause.PAYMENT_TIMEOUT,
                                                   PaymentStatus.AUTHORIZATION_REQUESTED, true)),
            Map.entry("burst-approve", new Expected(OrderStatus.CONFIRMED, null, PaymentStatus.AUTHORIZED, false)),
            Map.entry("burst-decline", new Expected(OrderStatus.REJECTED, RejectionCause.PAYMENT_DECLINED,
                                                    PaymentStatus.DECLINED, false)));

    static final ObjectMapper JSON = new ObjectMapper();

    /** The fixture as loaded, before the current platform touched it. */
    record Fixture(Map<String, String> orders, long events, long maxGlobalIndex, Instant lastEvent, int snapshots,
                   int sagas, int deadlines, Set<String> migrations, Map<String, Integer> segments) {
    }

    static Fixture fixture;

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_upgrade");
    }

    @BeforeAll
    static void loadTheOldDatabase() throws SQLException {
        FreshTestDatabase.drop(databaseUrl());
        FreshTestDatabase.create(databaseUrl());
        try (Connection connection = DriverManager.getConnection(databaseUrl(), FreshTestDatabase.credentials());
             Statement statement = connection.createStatement()) {
            statement.execute(resource(FIXTURE, true));
        }
        JdbcTemplate jdbc = jdbc();
        Instant lastEvent = Instant.parse(jdbc.queryForObject("SELECT max(time_stamp) FROM domain_event_entry",
                                                              String.class));
        Map<String, Integer> segments = new TreeMap<>();
        jdbc.query("SELECT processor_name, count(*) FROM token_entry GROUP BY processor_name",
                   row -> { segments.put(row.getString(1), row.getInt(2)); });
        fixture = new Fixture(
                orders(),
                jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class),
                jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class),
                lastEvent,
                jdbc.queryForObject("SELECT count(*) FROM snapshot_event_entry", Integer.class),
                jdbc.queryForObject("SELECT count(*) FROM saga_entry", Integer.class),
                jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks", Integer.class),
                new TreeSet<>(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success",
                                                String.class)),
                segments);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE picked", Integer.class))
                .as("deadlines the old process had picked when it was killed (they would wait for its heartbeat)")
                .isZero();
        // As if the upgrade ran right after the old process stopped.
        long shift = Duration.between(lastEvent, Instant.now()).toMillis();
        jdbc.update("UPDATE scheduled_tasks SET execution_time = execution_time + ? * interval '1 millisecond'",
                    shift);
    }

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles("test")
                .run("--server.port=0", "--spring.datasource.url=" + databaseUrl());
    }

    static JdbcTemplate jdbc() {
        return new JdbcTemplate(new DriverManagerDataSource(databaseUrl(), FreshTestDatabase.credentials()));
    }

    @Test
    void aDatabaseOfC863888UpgradesInPlaceAndEveryOrderInFlightEndsAsItsKindCallsFor() {
        assertThat(fixture.migrations()).as("the fixture is from before the JDBC stores' migrations")
                                        .doesNotContain("3", "4");
        assertThat(fixture.segments()).as("segments stored by the old platform")
                                      .containsEntry("order-fulfilment", 16).containsEntry("order-views", 4);
        assertThat(fixture.orders().values()).as("kinds of the manifest").allMatch(EXPECTED::containsKey);
        assertThat(fixture.snapshots()).as("snapshots in the fixture").isPositive();
        assertThat(fixture.sagas()).as("sagas in flight in the fixture").isPositive();
        assertThat(fixture.deadlines()).as("deadlines in the fixture").isPositive();

        try (ConfigurableApplicationContext upgraded = start()) {
            JdbcTemplate jdbc = upgraded.getBean(JdbcTemplate.class);
            FinalStates states = new FinalStates(new EventStreams(upgraded.getBean(EventStore.class), jdbc), jdbc);
            Http http = new Http(((WebServerApplicationContext) upgraded).getWebServer().getPort());

            // Flyway applied the current migrations on top of the old ones.
            assertThat(upgraded.getBean(Flyway.class).info().pending()).as("migrations still pending").isEmpty();
            assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success", String.class))
                    .as("migrations applied").containsAll(fixture.migrations()).contains("3", "4");

            // Every order of the manifest ends, and only the sagas the design keeps are left.
            Set<String> kept = fixture.orders().entrySet().stream()
                                      .filter(order -> EXPECTED.get(order.getValue()).sagaKept())
                                      .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            await().atMost(SETTLED).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(notFinal(jdbc)).as("orders of the manifest without a final status in order_view, by kind")
                                          .isEmpty();
                assertThat(sagaOrders(jdbc)).as("orders whose saga is still running").isEqualTo(kept);
                assertThat(jdbc.queryForList("SELECT sku FROM product_view WHERE reserved <> 0", String.class))
                        .as("SKUs with stock still reserved").isEmpty();
            });
            ReadModels.awaitCaughtUp(http);

            List<String> wrong = new ArrayList<>();
            fixture.orders().forEach((orderId, kind) -> {
                String problem = problem(states, jdbc, orderId, EXPECTED.get(kind));
                if (problem != null) {
                    wrong.add(kind + " " + orderId + ": " + problem + "; events " + states.orderEventTypes(orderId));
                }
            });
            assertThat(wrong).as("orders that did not end as their kind calls for").isEmpty();

            // A saga left is one waiting in its late-answer window, with that deadline scheduled.
            for (Map<String, Object> saga : jdbc.queryForList("SELECT saga_id, serialized_saga FROM saga_entry")) {
                JsonNode state = json((byte[]) saga.get("serialized_saga"));
                assertThat(state.path("stage").asText()).as("stage of the saga of order %s",
                                                             state.path("orderId").asText())
                                                        .isEqualTo("WINDING_DOWN");
                assertThat(jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE task_instance = ?",
                                               Integer.class, state.path("lateAnswerDeadlineId").asText()))
                        .as("late-answer deadline of the saga of order %s", state.path("orderId").asText())
                        .isEqualTo(1);
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_entry", Integer.class))
                    .as("sagas stored (one per order whose saga is kept)").isEqualTo(kept.size());

            // No stock held for an ended order, and on hand as the events say.
            for (String sku : jdbc.queryForList("SELECT sku FROM product_view ORDER BY sku", String.class)) {
                Stock stock = states.stock(sku);
                // On hand and committed add up to initial + received: what was sold must be what confirmed orders hold.
                int expectedOnHand = stock.onHand() + stock.committed() - confirmedQuantity(jdbc, sku);
                assertThat(stock.reserved()).as("%s: reserved by its events", sku).isZero();
                assertThat(stock.onHand()).as("%s: on hand by its events (initial + received - confirmed)", sku)
                                          .isEqualTo(expectedOnHand);
                assertThat(jdbc.queryForMap("SELECT on_hand, reserved FROM product_view WHERE sku = ?", sku))
                        .as("%s in product_view", sku)
                        .isEqualTo(Map.of("on_hand", expectedOnHand, "reserved", 0));
            }

            // The processors run on the merged segment count: one merge per processor every 5 s, 15 for the saga.
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).untilAsserted(
                    () -> MERGED_SEGMENTS.forEach((processor, segments) -> assertThat(storedSegments(jdbc, processor))
                            .as("segments of %s in token_entry", processor).isEqualTo(segments)));
            for (JsonNode projection : ReadModels.awaitCaughtUp(http).get("projections")) {
                assertThat(projection.get("segments").asInt()).as("segments of %s", projection.get("name").asText())
                                                              .isEqualTo(1);
            }

            // A new order is confirmed, and its events are numbered after the fixture's.
            String orderId = UUID.randomUUID().toString();
            assertThat(http.post("/api/orders", """
                    {"orderId":"%s","lines":[{"sku":"DESK-OAK","quantity":1}],"paymentMethodToken":"pm_approve"}
                    """.formatted(orderId)).status()).as("placing a new order").isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                   .untilAsserted(() -> assertThat(viewStatus(jdbc, orderId)).as("new order %s", orderId)
                                                                             .isEqualTo("CONFIRMED"));
            List<Long> newIndexes = jdbc.queryForList("SELECT global_index FROM domain_event_entry"
                    + " WHERE aggregate_identifier IN (?, ?)", Long.class, orderId, Identifiers.paymentIdFor(orderId));
            assertThat(newIndexes).as("global indexes of the new order's and its payment's events")
                                  .hasSizeGreaterThanOrEqualTo(2)
                                  .allMatch(index -> index > fixture.maxGlobalIndex());
            assertThat(jdbc.queryForList("SELECT global_index FROM domain_event_entry GROUP BY global_index"
                    + " HAVING count(*) > 1", Long.class)).as("global indexes taken twice").isEmpty();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE global_index <= ?",
                                           Long.class, fixture.maxGlobalIndex()))
                    .as("events at or below the fixture's highest global index (the fixture's own)")
                    .isEqualTo(fixture.events());
        }
    }

    /** What is wrong with an order's end, or null. */
    static String problem(FinalStates states, JdbcTemplate jdbc, String orderId, Expected expected) {
        String view = viewStatus(jdbc, orderId);
        OrderStatus byEvents = states.orderStatus(orderId);
        if (!expected.status().name().equals(view) || byEvents != expected.status()) {
            return "status " + view + " in order_view, " + byEvents + " by its events, expected " + expected.status();
        }
        if (expected.cause() != null) {
            OrderRejected rejection = states.rejection(orderId);
            if (rejection.cause() != expected.cause()) {
                return "rejected " + rejection.cause() + " (" + rejection.reason() + "), expected " + expected.cause();
            }
        }
        if (expected.payment() != null) {
            Payment payment = states.payment(Identifiers.paymentIdFor(orderId));
            if (payment.status() != expected.payment()) {
                return "payment " + payment + ", expected " + expected.payment();
            }
            boolean charged = expected.status() == OrderStatus.CONFIRMED;
            if (charged != payment.heldMinor() > 0) {
                return "payment " + payment + " holds " + payment.heldMinor() + " for a " + expected.status()
                        + " order";
            }
        }
        return null;
    }

    static Map<String, List<String>> notFinal(JdbcTemplate jdbc) {
        Map<String, List<String>> byKind = new TreeMap<>();
        fixture.orders().forEach((orderId, kind) -> {
            String status = viewStatus(jdbc, orderId);
            if (status == null || !OrderStatus.valueOf(status).isFinal()) {
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(orderId + "=" + status);
            }
        });
        return byKind;
    }

    static String viewStatus(JdbcTemplate jdbc, String orderId) {
        return jdbc.queryForList("SELECT status FROM order_view WHERE order_id = ?", String.class, orderId)
                   .stream().findFirst().orElse(null);
    }

    static Set<String> sagaOrders(JdbcTemplate jdbc) {
        return new TreeSet<>(jdbc.queryForList("SELECT DISTINCT association_value FROM association_value_entry"
                + " WHERE association_key = ?", String.class, OrderFulfilmentSaga.ASSOCIATION));
    }

    static int storedSegments(JdbcTemplate jdbc, String processor) {
        return jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class,
                                   processor);
    }

    /** Units of {@code sku} on confirmed orders, as the order views hold them. */
    static int confirmedQuantity(JdbcTemplate jdbc, String sku) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(l.quantity), 0) FROM order_line_view l JOIN order_view o USING (order_id)
                WHERE l.sku = ? AND o.status = 'CONFIRMED'
                """, Integer.class, sku);
    }

    static JsonNode json(byte[] serialized) {
        try {
            return JSON.readTree(serialized);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest: order id to kind, in the order they were placed. */
    static Map<String, String> orders() {
        Map<String, String> orders = new LinkedHashMap<>();
        resource(ORDERS, false).lines().skip(1).filter(line -> !line.isBlank()).forEach(line -> {
            String[] fields = line.split(",");
            orders.put(fields[0], fields[1]);
        });
        return orders;
    }

    static String resource(String name, boolean gzipped) {
        try (InputStream stream = UpgradeInPlaceIntegrationTest.class.getResourceAsStream(name)) {
            assertThat(stream).as("test resource %s", name).isNotNull();
            InputStream plain = gzipped ? new GZIPInputStream(stream) : stream;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(plain, StandardCharsets.UTF_8))) {
                return reader.lines().collect(Collectors.joining("\n"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
