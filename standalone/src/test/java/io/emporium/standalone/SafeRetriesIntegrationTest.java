package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.inventory.StockReceived;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retrying and racing commands safely over real HTTP. Idempotency-Key with the keys in PostgreSQL: receiving stock, which the inventory aggregate cannot
 * recognise as a repeat by itself, counts once however often the request is repeated with its key; and If-Match
 * with a read's ETag makes it act only on the version the client saw.
 */
@IntegrationTest
class SafeRetriesIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    EventStreams events;

    @BeforeEach
    void connect() {
        http = new Http(port).as("staff-" + UUID.randomUUID(), "operator");
        events = new EventStreams(eventStore, jdbc);
    }

    private String registeredSku() {
        return Products.registered(http, "IDEM");
    }

    private long stockReceivedCount(String sku) {
        return events.payloadsOf(sku).stream().filter(StockReceived.class::isInstance).count();
    }

    @Test
    void aRepeatedStockReceiptWithItsKeyIsAnsweredTheSameAndCountedOnce() {
        String sku = registeredSku();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        Http.Response first = http.post("/api/products/" + sku + "/stock", "{\"quantity\":5}", key);
        Http.Response repeat = http.post("/api/products/" + sku + "/stock", "{\"quantity\":5}", key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(stockReceivedCount(sku)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT status FROM idempotency_key WHERE idempotency_key = ?", Integer.class,
                                       key.get("Idempotency-Key"))).isEqualTo(200);
    }

    @Test
    void theKeyReusedForAnotherBodyIsRefusedAndActsNot() {
        String sku = registeredSku();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        assertThat(http.post("/api/products/" + sku + "/stock", "{\"quantity\":5}", key).status()).isEqualTo(200);

        Http.Response reused = http.post("/api/products/" + sku + "/stock", "{\"quantity\":7}", key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("type").asText()).isEqualTo("urn:emporium:problem:idempotency-key-reused");
        assertThat(stockReceivedCount(sku)).isEqualTo(1);
    }

    @Test
    void concurrentRepeatsOfOneKeyActOnce() throws Exception {
        String sku = registeredSku();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Http.Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> http.post("/api/products/" + sku + "/stock", "{\"quantity\":1}", key)));
            }
            for (Future<Http.Response> answer : answers) {
                assertThat(answer.get().status()).isIn(200, 409);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(stockReceivedCount(sku)).isEqualTo(1);
    }

    @Test
    void withoutAKeyEveryRequestActs() {
        String sku = registeredSku();
        http.post("/api/products/" + sku + "/stock", "{\"quantity\":5}");
        http.post("/api/products/" + sku + "/stock", "{\"quantity\":5}");

        assertThat(stockReceivedCount(sku)).isEqualTo(2);
    }

    @Test
    void aStockReceiptWithAStaleIfMatchIsRefused412AndWithTheCurrentETagAccepted() {
        String sku = registeredSku();
        String etag = Products.visible(http, sku).header("ETag");
        assertThat(etag).isEqualTo("\"0\"");
        assertThat(http.post("/api/products/" + sku + "/stock", "{\"quantity\":5}", Map.of("If-Match", etag)).status())
                .isEqualTo(200);

        Http.Response stale = http.post("/api/products/" + sku + "/stock", "{\"quantity\":5}", Map.of("If-Match", etag));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("type").asText()).isEqualTo("urn:emporium:problem:precondition-failed");
        assertThat(stockReceivedCount(sku)).isEqualTo(1);
        String current = http.get("/api/products/" + sku).header("ETag");
        assertThat(current).isEqualTo("\"1\"");
        assertThat(http.post("/api/products/" + sku + "/stock", "{\"quantity\":5}", Map.of("If-Match", current))
                       .status()).isEqualTo(200);
        assertThat(stockReceivedCount(sku)).isEqualTo(2);
    }
}
