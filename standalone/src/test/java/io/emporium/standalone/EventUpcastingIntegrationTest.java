package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.RefundPayment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
 * Events stored by main before event types had revisions (0dc5378: every payload revision null, {@code OrderPlaced}
 * without {@code paymentId}) are read through the upcaster chain by every kind of reader (decision 0052): the
 * aggregates loaded by commands, the saga started by a stored {@code OrderPlaced}, the live projections and a full
 * rebuild beside them. The fixture and how it was made: {@code src/test/resources/upcasting/README.md}.
 *
 * <p>The fixture's rows but its last are inserted before the platform starts, so the saga processor, which starts at
 * the head of the stream, leaves their finished orders alone while the projections, which start at its tail, project
 * them. The last row, the {@code OrderPlaced} of an order in flight, is inserted once the platform runs: the saga
 * takes it from there. The payment ids expected are the ones main's saga used for the same orders (from its log when
 * the fixture was made); without the upcaster the stored events give none.
 */
class EventUpcastingIntegrationTest {

    static final String FIXTURE = "/upcasting/0dc5378-events.jsonl";
    static final String CUSTOMER = "customer-fixture";
    static final String MUG = "FIXTURE-MUG";
    static final String LAMP = "FIXTURE-LAMP";
    static final String CONFIRMED = "4c1e7a52-8f3b-4d2a-9b61-1a2b3c4d5e01";
    static final String REJECTED = "4c1e7a52-8f3b-4d2a-9b61-1a2b3c4d5e02";
    static final String IN_FLIGHT = "4c1e7a52-8f3b-4d2a-9b61-1a2b3c4d5e03";
    /** The payments main's saga authorized for the confirmed order and for the one in flight when it made them. */
    static final String CONFIRMED_PAYMENT = "7bab9f75-9615-365b-b97a-f39cc4438e59";
    static final String IN_FLIGHT_PAYMENT = "38cbd5bb-646d-387b-b6da-8f69eaa58b07";
    static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> rows;

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_upcasting");
    }

    @BeforeAll
    static void storeTheOldEvents() throws SQLException {
        FreshTestDatabase.drop(databaseUrl());
        FreshTestDatabase.create(databaseUrl());
        DriverManagerDataSource dataSource = new DriverManagerDataSource(databaseUrl(), FreshTestDatabase.credentials());
        // The platform's own migrations, as its start would apply them (spring.flyway.out-of-order: true).
        Flyway.configure().dataSource(dataSource).outOfOrder(true).load().migrate();
        rows = fixture();
        assertThat(rows).as("rows of the fixture").hasSize(16);
        assertThat(rows).as("payload revisions stored by main").allMatch(row -> row.get("payloadRevision").isNull());
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        rows.subList(0, rows.size() - 1).forEach(row -> insert(jdbc, row));
    }

    @Test
    void eventsStoredWithoutRevisionsAreReadThroughTheUpcasterByAggregatesSagaProjectionsAndARebuild() {
        JsonNode inFlight = rows.get(rows.size() - 1);
        assertThat(inFlight.get("payloadType").asText()).isEqualTo(OrderPlaced.class.getName());
        assertThat(inFlight.get("aggregateIdentifier").asText()).isEqualTo(IN_FLIGHT);

        try (ConfigurableApplicationContext platform = new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles("test").run("--server.port=0", "--spring.datasource.url=" + databaseUrl())) {
            JdbcTemplate jdbc = platform.getBean(JdbcTemplate.class);
            CommandGateway commands = platform.getBean(CommandGateway.class);
            EventStreams events = new EventStreams(platform.getBean(EventStore.class), jdbc);
            Http http = new Http(((WebServerApplicationContext) platform).getWebServer().getPort());

            // The event store reads the stored OrderPlaced as revision 2, with the payment id main's saga used.
            OrderPlaced placed = (OrderPlaced) events.payloadsOf(CONFIRMED).get(0);
            assertThat(placed).isEqualTo(new OrderPlaced(CONFIRMED, CUSTOMER, List.of(new OrderLine(MUG, 2)),
                                                         "pm_approve", CONFIRMED_PAYMENT));
            assertThat(((OrderConfirmed) events.payloadsOf(CONFIRMED).get(1)).paymentId()).isEqualTo(CONFIRMED_PAYMENT);
            assertThat(jdbc.queryForList("SELECT DISTINCT payload_revision FROM domain_event_entry", String.class))
                    .as("revisions stored: the rows themselves are never changed").containsOnlyNulls();

            // The live projections, from the tail of the stream, project the stored history.
            ReadModels.awaitCaughtUp(http);
            assertThat(status(jdbc, CONFIRMED)).isEqualTo("CONFIRMED");
            assertThat(status(jdbc, REJECTED)).isEqualTo("REJECTED");
            assertThat(jdbc.queryForMap("SELECT on_hand, reserved FROM product_view WHERE sku = ?", MUG))
                    .as("MUG: 10 + 5 received - 2 sold").isEqualTo(Map.of("on_hand", 13, "reserved", 0));

            // Each aggregate is loaded from its stored events by a command.
            Http.Response again = http.asCustomer(CUSTOMER).post("/api/orders", """
                    {"orderId":"%s","lines":[{"sku":"%s","quantity":2}],"paymentMethodToken":"pm_approve"}
                    """.formatted(CONFIRMED, MUG));
            assertThat(again.status()).as("the same placement again: " + again.body()).isEqualTo(202);
            Http.Response cancel = http.asCustomer(CUSTOMER).post("/api/orders/" + CONFIRMED + "/cancel", "{}");
            assertThat(cancel.status()).as("cancelling the confirmed order: " + cancel.body()).isEqualTo(409);
            assertThat(events.of(CONFIRMED)).as("events of the confirmed order").hasSize(2);
            commands.sendAndWait(new ReceiveStock(MUG, 1));
            assertThat(events.lastPayloadOf(MUG)).isEqualTo(new StockReceived(MUG, 1, 14));
            commands.sendAndWait(new RefundPayment(CONFIRMED_PAYMENT, "refund-1", Money.of(500, "EUR"), "goodwill"));
            assertThat(events.lastPayloadOf(CONFIRMED_PAYMENT)).isEqualTo(new PaymentRefunded(CONFIRMED_PAYMENT,
                    CONFIRMED, "refund-1", Money.of(500, "EUR"), Money.of(500, "EUR"), "goodwill"));

            // The stored OrderPlaced of the order in flight starts its saga, which pays with the upcast payment id.
            insert(jdbc, inFlight);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                   .untilAsserted(() -> assertThat(status(jdbc, IN_FLIGHT)).isEqualTo("CONFIRMED"));
            assertThat(events.payloadsOf(IN_FLIGHT_PAYMENT)).last().isInstanceOf(PaymentAuthorized.class);
            assertThat(((OrderConfirmed) events.lastPayloadOf(IN_FLIGHT)).paymentId()).isEqualTo(IN_FLIGHT_PAYMENT);

            // A full rebuild beside the live read models reads the same history and switches to equal rows.
            ReadModels.awaitCaughtUp(http);
            Map<String, List<Map<String, Object>>> live = ReadModels.capture(jdbc);
            assertThat(live.get("order_view")).hasSize(3);
            Http.Response start = http.post("/api/admin/rebuilds", "{}");
            assertThat(start.status()).as(start.body()).isEqualTo(202);
            long id = start.json().get("rebuildId").asLong();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                    () -> "SWITCHED".equals(http.get("/api/admin/rebuilds/" + id).json().get("phase").asText()));
            Map<String, List<Map<String, Object>>> rebuilt = ReadModels.capture(jdbc);
            for (String table : ReadModels.TABLES.keySet()) {
                assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(live.get(table));
            }
        }
    }

    static String status(JdbcTemplate jdbc, String orderId) {
        return jdbc.queryForList("SELECT status FROM order_view WHERE order_id = ?", String.class, orderId)
                   .stream().findFirst().orElse(null);
    }

    /** One row as main stored it; the global index is the column's default, the next one. */
    static void insert(JdbcTemplate jdbc, JsonNode row) {
        jdbc.update("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                row.get("eventIdentifier").asText(), row.get("aggregateIdentifier").asText(),
                row.get("sequenceNumber").asLong(), row.get("type").asText(), row.get("timeStamp").asText(),
                row.get("payloadType").asText(), row.get("payloadRevision").textValue(),
                row.get("payload").asText().getBytes(StandardCharsets.UTF_8),
                row.get("metaData").asText().getBytes(StandardCharsets.UTF_8));
    }

    static List<JsonNode> fixture() {
        try (InputStream stream = EventUpcastingIntegrationTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(stream).as("test resource %s", FIXTURE).isNotNull();
            String text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(line -> !line.isBlank()).map(line -> {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
