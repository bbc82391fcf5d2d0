package io.emporium.standalone.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.emporium.messages.common.Identifiers;
import io.emporium.standalone.chaos.ChaosClient.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load the chaos tests put on the platform while they break something: several client threads, each placing
 * orders of every kind in turn (approved, declined, out of stock, unanswered by the provider, cancelled by the
 * customer), every command through {@link ChaosClient} with a new order id and an {@code Idempotency-Key} of its own,
 * both kept over the command's retries. {@link #verifyEveryOrderEndedCorrectly} then checks, through the read API
 * only, what must hold however the run went.
 */
final class OrderLoad {

    /**
     * The SKUs' suffix: none on a platform the test starts on a fresh database; against a deployment
     * ({@code emporium.chaos.url}), one of its own for every run, so that a run never meets an earlier run's stock.
     */
    static final String RUN = System.getProperty("emporium.chaos.url", "").isBlank()
            ? "" : "-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);
    static final String PLENTY = "CHAOS-PLENTY" + RUN;
    static final String NONE = "CHAOS-NONE" + RUN;
    static final long PRICE = 1250;
    static final int PLENTY_STOCK = 100_000;
    static final Duration PACE = Duration.ofMillis(100);
    static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

    enum Kind {
        APPROVED("pm_approve", PLENTY, "CONFIRMED"),
        DECLINED("pm_decline", PLENTY, "REJECTED"),
        OUT_OF_STOCK("pm_approve", NONE, "REJECTED"),
        UNANSWERED("pm_no_answer", PLENTY, "REJECTED"),
        CANCELLED("pm_no_answer", PLENTY, "CANCELLED");

        final String card;
        final String sku;
        final String expected;

        Kind(String card, String sku, String expected) {
            this.card = card;
            this.sku = sku;
            this.expected = expected;
        }
    }

    record Placed(String orderId, Kind kind, int quantity, Answer answer) {
    }

    private final ChaosClient client;
    private final int threads;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentLinkedQueue<Placed> placed = new ConcurrentLinkedQueue<>();
    private ExecutorService pool;
    private final List<Future<?>> workers = new ArrayList<>();

    OrderLoad(ChaosClient client, int threads) {
        this.client = client;
        this.threads = threads;
    }

    /** Registers the two products: one with plenty of stock, one with none. */
    void registerProducts() {
        for (String[] product : new String[][]{{PLENTY, Integer.toString(PLENTY_STOCK)}, {NONE, "0"}}) {
            Answer answer = client.command("/api/products", """
                    {"sku":"%s","name":"Chaos %s","unitPrice":{"amount":%d,"currency":"EUR"},"initialStock":%s}
                    """.formatted(product[0], product[0], PRICE, product[1]), "register-" + product[0]);
            assertThat(answer).isNotNull();
            assertThat(answer.status()).as("registering %s", product[0]).isEqualTo(201);
        }
    }

    void start() {
        pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            workers.add(pool.submit(this::placeUntilStopped));
        }
    }

    /** Stops placing and returns once every thread's last command has its answer (or gave up). */
    void stop() throws Exception {
        stop.set(true);
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
    }

    int placedSoFar() {
        return placed.size();
    }

    private void placeUntilStopped() {
        while (!stop.get()) {
            int n = next.getAndIncrement();
            Kind kind = Kind.values()[n % Kind.values().length];
            int quantity = 1 + n % 3;
            String orderId = UUID.randomUUID().toString();
            Answer answer = client.command("/api/orders", """
                    {"orderId":"%s","lines":[{"sku":"%s","quantity":%d}],"paymentMethodToken":"%s"}
                    """.formatted(orderId, kind.sku, quantity, kind.card), "place-" + orderId);
            placed.add(new Placed(orderId, kind, quantity, answer));
            if (kind == Kind.CANCELLED && answer != null && answer.status() == 202) {
                Answer cancel = client.command("/api/orders/" + orderId + "/cancel",
                                               "{\"reason\":\"chaos: changed my mind\"}", "cancel-" + orderId);
                client.count("cancel answered " + (cancel == null ? "nothing" : cancel.status()));
            }
            pace();
        }
    }

    /** A client's pause between two orders: a steady load of some 30 orders a second, not a flood. */
    private static void pace() {
        try {
            Thread.sleep(PACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Every order the platform accepted (202, or found by its id after a request without a decisive answer) ends
     * final, with the outcome its kind calls for; no SKU keeps stock reserved; the units sold are exactly those of
     * the confirmed orders; a confirmed order's payment was authorized exactly once and is held in full, and no
     * other order holds money. Returns the orders by final status.
     *
     * @param timeoutAllowed whether an order may also end REJECTED by its payment deadline (a crash or outage
     *                       longer than the deadline); its payment must then hold nothing
     */
    Map<String, Integer> verifyEveryOrderEndedCorrectly(boolean timeoutAllowed, Duration within) {
        return verifyEveryOrderEndedCorrectly(timeoutAllowed, false, within);
    }

    /**
     * {@link #verifyEveryOrderEndedCorrectly(boolean, Duration)}, and with {@code undeliveredAllowed} an order may
     * also end REJECTED because a command of its saga got no decision within all its retries: what the saga does
     * (decision 0032) when PostgreSQL is away for longer than a command's retries last, for an order whose command
     * was sent as the outage began. Its stock and payment must then hold nothing, as for any rejection.
     */
    Map<String, Integer> verifyEveryOrderEndedCorrectly(boolean timeoutAllowed, boolean undeliveredAllowed,
                                                        Duration within) {
        Map<String, Integer> byStatus = new TreeMap<>();
        int soldUnits = 0;
        for (Placed order : placed) {
            Answer place = order.answer();
            if (place != null && place.status() != 202 && place.status() != 409) {
                assertThat(place.status()).as("placing %s answered %s", order.orderId(), place.body()).isEqualTo(202);
            }
            JsonNode view = awaitFinal(order.orderId(), within);
            if (view == null) {
                assertThat(place == null || place.status() != 202).as("accepted order %s is unknown", order.orderId())
                                                                  .isTrue();
                byStatus.merge("never placed (no decisive answer)", 1, Integer::sum);
                continue;
            }
            String status = view.get("status").asText();
            byStatus.merge(order.kind() + " -> " + status, 1, Integer::sum);
            String cause = rejectionCause(view);
            boolean timedOut = "REJECTED".equals(status) && "PAYMENT_TIMEOUT".equals(cause);
            boolean undelivered = "REJECTED".equals(status) && "OTHER".equals(cause)
                    && rejectionReason(view).contains("gave no decision within");
            if (undeliveredAllowed && undelivered) {
                byStatus.merge("of them rejected for a command undelivered in the outage", 1, Integer::sum);
            } else if (!(timeoutAllowed && timedOut) && !(order.kind() == Kind.CANCELLED && timedOut)) {
                assertThat(status).as("order %s of kind %s: %s", order.orderId(), order.kind(), view)
                                  .isEqualTo(order.kind().expected);
            }
            verifyPayment(order, status);
            if ("CONFIRMED".equals(status)) {
                soldUnits += order.quantity();
            }
        }
        JsonNode plenty = client.read("/api/products/" + PLENTY).body();
        JsonNode none = client.read("/api/products/" + NONE).body();
        assertThat(plenty.get("reserved").asInt()).as("reserved %s", PLENTY).isZero();
        assertThat(none.get("reserved").asInt()).as("reserved %s", NONE).isZero();
        assertThat(plenty.get("onHand").asInt()).as("on hand %s after the confirmed orders", PLENTY)
                                                .isEqualTo(PLENTY_STOCK - soldUnits);
        assertThat(none.get("onHand").asInt()).isZero();
        return byStatus;
    }

    private void verifyPayment(Placed order, String status) {
        if (order.kind() == Kind.OUT_OF_STOCK) {
            return;
        }
        String paymentId = Identifiers.paymentIdFor(order.orderId());
        Answer payment = client.read("/api/orders/" + order.orderId() + "/payment");
        if ("CONFIRMED".equals(status)) {
            assertThat(payment.status()).isEqualTo(200);
            JsonNode view = payment.body();
            assertThat(view.get("status").asText()).as("payment of confirmed %s", order.orderId())
                                                   .isEqualTo("AUTHORIZED");
            assertThat(minor(view.get("authorizedAmount"))).isEqualTo(PRICE * order.quantity());
            long authorizations = 0;
            for (JsonNode event : client.read("/api/admin/aggregates/" + paymentId + "/events").body()) {
                if (event.get("type").asText().endsWith("PaymentAuthorized")) {
                    authorizations++;
                }
            }
            assertThat(authorizations).as("authorizations of payment %s", paymentId).isEqualTo(1);
        } else if (payment.status() == 200) {
            JsonNode view = payment.body();
            long authorized = minor(view.get("authorizedAmount"));
            long refunded = minor(view.get("refundedTotal"));
            assertThat(authorized - refunded).as("money held for %s order %s: %s", status, order.orderId(), view)
                                             .isZero();
        }
    }

    private JsonNode awaitFinal(String orderId, Duration within) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
            Answer answer = client.read("/api/orders/" + orderId);
            if (answer.status() == 404) {
                last[0] = null;
                // Unknown once the projection is current: every order placed is projected within milliseconds.
                return client.read("/api/orders/" + orderId + "?waitMillis=2000").status() == 404;
            }
            last[0] = answer.body();
            return answer.status() == 200 && FINAL.contains(answer.body().get("status").asText());
        });
        return last[0];
    }

    /** Minor units of a money field of a view ({@code amountMinor}); 0 when it is null. */
    private static long minor(JsonNode money) {
        return money == null || money.isNull() ? 0 : money.get("amountMinor").asLong();
    }

    /** The cause of a rejection: the projection writes a rejection's reason as {@code <cause>: <reason>}. */
    private static String rejectionCause(JsonNode view) {
        String reason = rejectionReason(view);
        int colon = reason.indexOf(':');
        return colon < 0 ? null : reason.substring(0, colon);
    }

    /** The reason of the order's last status change, empty when it has none. */
    private static String rejectionReason(JsonNode view) {
        JsonNode history = view.get("statusHistory");
        return history == null || history.isEmpty() ? "" : history.get(history.size() - 1).path("reason").asText("");
    }
}
