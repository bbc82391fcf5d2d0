package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.edge.idempotency.IdempotencyFilter;
import io.emporium.edge.idempotency.IdempotencyStore;
import io.emporium.edge.idempotency.JdbcIdempotencyStore;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.order.OrderPlaced;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
 * Idempotency-Key leases over real HTTP on the real database (decision 0043): a key left claimed by a process
 * killed mid-command (a row with no answer whose lease has lapsed, as such a process leaves it) blocks its client
 * only while the lease runs; a retry after it takes the key over, at most once however many retries race, and
 * answers as the first request would have: the order that landed, or the order placed now.
 */
@IntegrationTest
class IdempotencyLeaseIntegrationTest {

    private static final String ORDER_BODY = """
            {"orderId":"%s","lines":[{"sku":"%s","quantity":1}],"paymentMethodToken":"pm_approve"}""";

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    Http customer;
    Http staff;
    String customerId;
    EventStreams events;

    @BeforeEach
    void connect() {
        customerId = "customer-" + UUID.randomUUID();
        customer = new Http(port).asCustomer(customerId);
        staff = new Http(port).as("staff-" + UUID.randomUUID(), "operator");
        events = new EventStreams(eventStore, jdbc);
    }

    private static Map<String, String> key(String key) {
        return Map.of(IdempotencyFilter.HEADER, key);
    }

    /** The row a request leaves when its process is killed while serving it: no answer, a lease it renews no more. */
    private void leftByAKilledProcess(String caller, String key, String path, String body, String leaseLapsed) {
        jdbc.update("""
                INSERT INTO idempotency_key (caller, idempotency_key, fingerprint, holder, created_at, lease_until)
                VALUES (?, ?, ?, 'killed-process', now() - interval '1 minute', now() - CAST(? AS interval))""",
                caller, key, IdempotencyFilter.fingerprint("POST", path, null, body.getBytes(StandardCharsets.UTF_8)),
                leaseLapsed);
    }

    private Integer keptStatus(String key) {
        return jdbc.queryForObject("SELECT status FROM idempotency_key WHERE idempotency_key = ?", Integer.class, key);
    }

    private long placed(String orderId) {
        return events.payloadsOf(orderId).stream().filter(OrderPlaced.class::isInstance).count();
    }

    @Test
    void aRetryWhileTheKilledRequestsLeaseRunsIsAnswered409AndActsNot() {
        String sku = Products.registered(staff, "LEASE");
        String orderId = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        String body = ORDER_BODY.formatted(orderId, sku);
        leftByAKilledProcess(customerId, key, "/api/orders", body, "-20 seconds");

        Http.Response retry = customer.post("/api/orders", body, key(key));

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.header("Retry-After")).isEqualTo("1");
        assertThat(retry.contentType()).startsWith("application/problem+json");
        assertThat(retry.json().get("type").asText()).isEqualTo("urn:emporium:problem:idempotency-key-in-progress");
        assertThat(placed(orderId)).isZero();
    }

    @Test
    void aRetryAfterTheLeaseLapsedGetsTheFirstAnswerWhenTheOrderHadLanded() {
        String sku = Products.registered(staff, "LEASE");
        String orderId = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        String body = ORDER_BODY.formatted(orderId, sku);
        Http.Response first = customer.post("/api/orders", body, key(key));
        assertThat(first.status()).isEqualTo(202);
        // The process is killed after the order landed, before the answer was kept: the row as it was claimed.
        jdbc.update("""
                UPDATE idempotency_key SET status = NULL, content_type = NULL, location = NULL, body = NULL,
                       completed_at = NULL, holder = 'killed-process', lease_until = now() - interval '1 second'
                WHERE idempotency_key = ?""", key);

        Http.Response retry = customer.post("/api/orders", body, key(key));
        Http.Response again = customer.post("/api/orders", body, key(key));

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(keptStatus(key)).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(placed(orderId)).isEqualTo(1);
    }

    @Test
    void aRetryAfterTheLeaseLapsedPlacesTheOrderWhenItHadNotLanded() {
        String sku = Products.registered(staff, "LEASE");
        String orderId = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        String body = ORDER_BODY.formatted(orderId, sku);
        leftByAKilledProcess(customerId, key, "/api/orders", body, "1 second");
        assertThat(placed(orderId)).isZero();

        Http.Response retry = customer.post("/api/orders", body, key(key));

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.header("Location")).endsWith("/api/orders/" + orderId);
        assertThat(retry.json().get("orderId").asText()).isEqualTo(orderId);
        assertThat(placed(orderId)).isEqualTo(1);
        assertThat(keptStatus(key)).isEqualTo(202);
    }

    @Test
    void concurrentRetriesAfterTheLeaseLapsedTakeTheKeyOverOnce() throws Exception {
        // Receiving stock is the command that cannot tell a repeat by itself: it counts every time it acts.
        String sku = Products.registered(staff, "LEASE");
        String staffId = "staff-" + UUID.randomUUID();
        Http operator = new Http(port).as(staffId, "operator");
        String key = UUID.randomUUID().toString();
        String path = "/api/products/" + sku + "/stock";
        leftByAKilledProcess(staffId, key, path, "{\"quantity\":1}", "1 second");
        int retries = 6;
        ExecutorService pool = Executors.newFixedThreadPool(retries);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < retries; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return operator.post(path, "{\"quantity\":1}", key(key));
                }));
            }
            start.countDown();
            for (Future<Http.Response> answer : answers) {
                assertThat(answer.get().status()).isIn(200, 409);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(events.payloadsOf(sku).stream().filter(StockReceived.class::isInstance).count()).isEqualTo(1);
        assertThat(keptStatus(key)).isEqualTo(200);
    }

    @Test
    void ofConcurrentTakersOfALapsedLeaseExactlyOneGetsIt() throws Exception {
        IdempotencyStore store = new JdbcIdempotencyStore(jdbc);
        String caller = "staff-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String fingerprint = "f".repeat(64);
        Instant now = Instant.now();
        assertThat(store.claim(caller, key, fingerprint, "killed-process", now.minusSeconds(60),
                               now.minusSeconds(1))).isTrue();
        int takers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> took = new ArrayList<>();
        try {
            for (int i = 0; i < takers; i++) {
                String holder = "taker-" + i;
                took.add(pool.submit(() -> {
                    start.await();
                    return store.takeOver(caller, key, fingerprint, holder, now, now.plusSeconds(30));
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> one : took) {
                winners += one.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHolderWhoseKeyWasTakenOverCanNeitherRenewNorAnswerNorRelease() {
        IdempotencyStore store = new JdbcIdempotencyStore(jdbc);
        String caller = "staff-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String fingerprint = "f".repeat(64);
        Instant now = Instant.now();
        store.claim(caller, key, fingerprint, "stalled", now.minusSeconds(60), now.minusSeconds(1));
        assertThat(store.takeOver(caller, key, fingerprint, "retry", now, now.plusSeconds(30))).isTrue();
        assertThat(store.takeOver(caller, key, fingerprint, "another", now, now.plusSeconds(30)))
                .as("a lease renewed by the take-over is alive").isFalse();

        assertThat(store.renew(caller, key, "stalled", now.plusSeconds(60))).isFalse();
        store.complete(caller, key, "stalled", new IdempotencyStore.Outcome(500, null, null, null));
        store.release(caller, key, "stalled");
        assertThat(store.find(caller, key)).hasValueSatisfying(entry -> {
            assertThat(entry.inProgress()).isTrue();
            assertThat(entry.leaseUntil()).isAfter(now);
        });

        assertThat(store.renew(caller, key, "retry", now.plusSeconds(60))).isTrue();
        store.complete(caller, key, "retry", new IdempotencyStore.Outcome(200, "application/json", null, new byte[0]));
        assertThat(store.find(caller, key)).hasValueSatisfying(entry -> {
            assertThat(entry.outcome().status()).isEqualTo(200);
            assertThat(entry.leaseUntil()).isNull();
        });
    }

    @Test
    void aTokenWhoseSubjectNoColumnCanHoldIsRefused401AndTheLongestAllowedWorksWithAKey() {
        for (String subject : List.of("c".repeat(256), "nul\u0000inside")) {
            Http.Response answer = new Http(port).asCustomer(subject)
                    .post("/api/orders", ORDER_BODY.formatted(UUID.randomUUID(), "ANY-1"), key("k-1"));

            assertThat(answer.status()).as(subject.length() + " characters").isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        String longest = "s".repeat(255);
        String sku = Products.registered(staff, "LEASE");
        String key = UUID.randomUUID().toString();
        Http.Response received = new Http(port).as(longest, "operator")
                .post("/api/products/" + sku + "/stock", "{\"quantity\":1}", key(key));
        assertThat(received.status()).isEqualTo(200);
        assertThat(keptStatus(key)).isEqualTo(200);
        Http.Response customerTooLongForAnOrder = new Http(port).asCustomer(longest)
                .post("/api/orders", ORDER_BODY.formatted(UUID.randomUUID(), sku), key(UUID.randomUUID().toString()));
        assertThat(customerTooLongForAnOrder.status()).as("an order's customer id is at most 100").isEqualTo(422);
        assertThat(customerTooLongForAnOrder.contentType()).startsWith("application/problem+json");
    }
}
