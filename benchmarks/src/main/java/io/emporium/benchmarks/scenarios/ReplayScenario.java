package io.emporium.benchmarks.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.benchmarks.BenchmarkContext;
import io.emporium.benchmarks.Findings;
import io.emporium.benchmarks.InProcessPlatform;
import io.emporium.benchmarks.Scenario;
import io.emporium.benchmarks.load.HttpLoad;
import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Latencies;
import io.emporium.benchmarks.report.Target;
import io.emporium.benchmarks.scenarios.SagaCompletionScenario.Kind;
import io.emporium.benchmarks.scenarios.SagaCompletionScenario.Load;
import io.emporium.benchmarks.scenarios.SagaCompletionScenario.LoadPlan;
import io.emporium.benchmarks.scenarios.SagaCompletionScenario.Measured;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.platform.serialization.AxonJson;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 4: the three projections rebuilt beside the live read models (decision 0049) from at least the run's
 * replay size of stored events of confirmed orders; events per second, the heap's peak, the ratio to the raw scan;
 * then the same rebuild while scenario 2's load runs, with that load's p99 beside the p99 of the same load without a
 * rebuild on the same platform.
 */
public final class ReplayScenario implements Scenario {

    /** SKUs the generated orders draw their three lines from. */
    static final int SKUS = 100;
    /** Events one generated order stores: placed, three lines reserved, payment requested and authorized, confirmed,
     *  three reservations committed. */
    static final int EVENTS_PER_ORDER = 10;
    /** Orders whose events are interleaved in the generated stream, as orders in flight at once interleave. */
    static final int IN_FLIGHT = 50;
    /** Rows per transaction when the history is written. */
    static final int WRITE_BATCH = 1_000;
    /** The longest the live projections may take to catch up with the written history, and a rebuild to switch. */
    static final Duration WAIT_LIMIT = Duration.ofMinutes(15);
    static final long POLL_MILLIS = 100;
    static final long HEAP_SAMPLE_MILLIS = 20;
    static final long UNIT_PRICE = 1_990;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String id() {
        return "replay";
    }

    @Override
    public String title() {
        return "Rebuild: the read models rebuilt from the event store beside the live ones";
    }

    @Override
    public String method() {
        return "First, the histories of confirmed orders are appended straight to `domain_event_entry` by JDBC ("
                + WRITE_BATCH + " rows per transaction), no platform running: " + SKUS + " products registered, then "
                + "per order the " + EVENTS_PER_ORDER + " events the saga's happy path stores (`OrderPlaced` with three "
                + "lines, three `StockReserved`, `PaymentAuthorizationRequested`, `PaymentAuthorized`, `OrderConfirmed`, "
                + "three `ReservationCommitted`), the events of " + IN_FLIGHT + " orders at a time interleaved step by "
                + "step as orders in flight interleave, each row as the platform stores it (payload and trace metadata "
                + "by the platform's own Jackson mapper, the aggregates' types and sequence numbers). The saga's tokens "
                + "are deleted first so that the saga starts at the head and leaves these orders alone. A fresh "
                + "platform is started and its live projections catch up with the history (their rate is a figure: it "
                + "is what an in-place replay of the same events costs). Then `POST /api/admin/rebuilds` with "
                + "`{\"maxEventsPerSecond\":0}` (all three projections, one read of the stream, no bound on its rate) "
                + "and `GET /api/admin/rebuilds/{id}` every " + POLL_MILLIS
                + " ms until its phase is SWITCHED; events/s = stream positions covered ÷ wall time from the request "
                + "to the switch. Memory: the JVM's used heap, sampled every " + HEAP_SAMPLE_MILLIS + " ms during the "
                + "rebuild; the JVM also holds the harness. Checked afterwards: every generated order CONFIRMED in "
                + "the new order view with its lines priced, its payment AUTHORIZED, every product's stock. Then "
                + "scenario 2's warm-up rounds and its all-approved load (same rate and duration) twice on this "
                + "platform: once alone, once with a rebuild of all three projections started one second into it at the "
                + "platform's default bound (`{}`, " + "emporium.projections.rebuild.max-events-per-second); each "
                + "load's POST-to-CONFIRMED p99 is a figure. Ceiling: the raw ordered scan of scenario 6.";
    }

    @Override
    public Requirement requirement() {
        return Requirement.OWN_PLATFORMS;
    }

    @Override
    public void run(BenchmarkContext context, Findings findings) throws Exception {
        int events = context.sizes().replayEvents();
        String prefix = "REBUILD-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
                                          .toUpperCase(Locale.ROOT) + "-";
        String customer = "customer-" + prefix.toLowerCase(Locale.ROOT) + "bench";
        long start = System.nanoTime();
        History history = writeHistory(context, prefix, customer, events);
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        findings.note(String.format(Locale.ROOT, "history written by JDBC: %,d events (%,d orders, %d SKUs) in %.1f s "
                + "(%.0f events/s)", history.events(), history.orders(), SKUS, writeSeconds, history.events() / writeSeconds));
        long sagaTokens = context.database().update("DELETE FROM token_entry WHERE processor_name = 'order-fulfilment'");
        findings.note("saga tokens deleted before the platform started, so that the saga begins at the head: "
                + sagaTokens);

        try (InProcessPlatform platform = context.startOwnPlatform("rebuilding the projections", Map.of())) {
            URI statuses = platform.baseUrl().resolve("/api/admin/projections");
            long head = context.database().queryForLong("SELECT coalesce(max(global_index), 0) FROM domain_event_entry");
            long catchUpStart = System.nanoTime();
            awaitLiveCaughtUp(context, statuses, platform.authorization(), head);
            double catchUpSeconds = (System.nanoTime() - catchUpStart) / 1e9;
            findings.add(againstScan(context, Figure.platform(String.format(Locale.ROOT, "live projections catching up "
                    + "with %,d stored events (what an in-place replay costs)", history.events()), "events/s",
                    history.events() / catchUpSeconds, Figure.Better.HIGHER)));
            findings.note(String.format(Locale.ROOT, "the fresh platform's live projections caught up with the written "
                    + "history in %.1f s", catchUpSeconds));

            long stored = context.database().queryForLong("SELECT count(*) FROM domain_event_entry");
            Rebuild alone = rebuild(context, platform, "rebuild of all three projections", FULL_SPEED);
            verify(context, prefix, customer, history);
            double rate = alone.positions() / alone.seconds();
            context.progress().say("rebuild: %,d stream positions (%,d events stored) in %.1f s, %.0f events/s, heap "
                    + "peak %.0f MB", alone.positions(), stored, alone.seconds(), rate, alone.heapPeak() / 1e6);
            Figure figure = Figure.platform(String.format(Locale.ROOT, "rebuild of %,d stored events, three projections "
                    + "beside the live ones", stored), "events/s", rate, Figure.Better.HIGHER)
                                  .withTarget(Target.atLeast(50_000, "≥ 50,000 events/s"));
            findings.add(againstScan(context, figure));
            findings.add(Figure.platform("used heap during the rebuild, highest sample (whole JVM)", "MB",
                    alone.heapPeak() / 1e6, Figure.Better.LOWER).withTarget(Target.atMost(512, "< 512 MB")));
            findings.note(String.format(Locale.ROOT, "rebuild took %.1f s from the request to the switch; maximum heap "
                    + "%.0f MB", alone.seconds(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1e6));

            underLoad(context, findings, platform);
        }
    }

    /** Scenario 2's all-approved load on this platform, alone and then with a rebuild running. */
    private static void underLoad(BenchmarkContext context, Findings findings, InProcessPlatform platform)
            throws Exception {
        SagaCompletionScenario.registerProducts(context, platform);
        int rate = context.sizes().sagaOrdersPerSecond();
        int operations = SagaCompletionScenario.operations(rate, context.sizes().sagaLoadDuration());
        Duration wait = context.sizes().sagaCompletionWait();
        // As in scenario 2: the command and saga paths of this platform are still cold after catching up and rebuilding.
        SagaCompletionScenario.warmUp(context, findings, rate, Math.max(1, operations / 3), platform);
        Load without = SagaCompletionScenario.runLoad(context, findings, new LoadPlan("all approved, no rebuild", rate,
                operations, wait, index -> Kind.APPROVED), platform);
        AtomicReference<Rebuild> during = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread rebuilder = new Thread(() -> {
            try {
                Thread.sleep(1_000);
                during.set(rebuild(context, platform, "rebuild under load", AT_THE_DEFAULT_BOUND));
            } catch (Exception e) {
                failure.set(e);
            }
        }, "bench-rebuild-under-load");
        rebuilder.start();
        Load with = SagaCompletionScenario.runLoad(context, findings, new LoadPlan(
                "all approved, bounded rebuild running",
                rate, operations, wait, index -> Kind.APPROVED), platform);
        rebuilder.join(WAIT_LIMIT.toMillis());
        if (failure.get() != null) {
            throw failure.get();
        }
        Optional<Ceiling.Appends> oneRow = context.ceiling().flatMap(c -> c.oneRowPerTransaction(1));
        for (Load load : List.of(without, with)) {
            Measured measured = Measured.of(load);
            // Compared as scenario 2's p99 is: with the one-row append's latency of scenario 6.
            Figure p99 = Latencies.platform(String.format(Locale.ROOT, "saga, %s, at %d orders/s, POST to CONFIRMED",
                            load.label(), rate), measured.toConfirmed(),
                    oneRow.map(Ceiling.Appends::latencyMicros).orElse(null), oneRow.map(Ceiling.Appends::name).orElse(""),
                    0).stream().filter(figure -> figure.name().endsWith("latency p99")).findFirst().orElseThrow();
            findings.add(p99.withTarget(Target.atMost(500, "p99 < 500 ms at " + rate + " orders/s")));
            findings.note(String.format(Locale.ROOT, "%s: %d of %d orders CONFIRMED, p50 %.1f ms, p99 %.1f ms, max "
                    + "%.1f ms", load.label(), measured.confirmed(), measured.issued(),
                    Latencies.millis(measured.toConfirmed(), 50), Latencies.millis(measured.toConfirmed(), 99),
                    Latencies.millis(measured.toConfirmed(), 100)));
        }
        Rebuild rebuild = during.get();
        if (rebuild != null) {
            findings.add(againstScan(context, Figure.platform("rebuild of all three projections while the load runs",
                    "events/s", rebuild.positions() / rebuild.seconds(), Figure.Better.HIGHER)));
            findings.note(String.format(Locale.ROOT, "the rebuild under load covered %,d stream positions in %.1f s, "
                    + "at most %s events/s (the platform's default bound)", rebuild.positions(), rebuild.seconds(),
                    rebuild.bound() == null ? "unbounded" : String.format(Locale.ROOT, "%,d", rebuild.bound())));
        }
    }

    /** {@code figure} beside the raw ordered scan of scenario 6, when it ran. */
    private static Figure againstScan(BenchmarkContext context, Figure figure) {
        return context.ceiling().flatMap(Ceiling::scan)
                      .map(scan -> figure.comparedTo(new Figure.Reference(String.format(Locale.ROOT, "%s (%,d rows)",
                              scan.name(), scan.rows()), scan.rowsPerSecond(), "rows/s")))
                      .orElse(figure);
    }

    /**
     * What one rebuild took: stream positions covered, seconds from the request to the switch, heap peak in bytes, and
     * the bound on its rate ({@code null}: none).
     */
    record Rebuild(long positions, double seconds, long heapPeak, Integer bound) {
    }

    /** A rebuild request with no bound on its rate, to measure how fast a rebuild can go. */
    static final String FULL_SPEED = "{\"maxEventsPerSecond\":0}";
    /** A rebuild request at the platform's default bound, as an operator's plain request runs. */
    static final String AT_THE_DEFAULT_BOUND = "{}";

    /**
     * Starts a rebuild of every projection with {@code request} as its body and follows it, printing its progress,
     * until it has switched.
     */
    private static Rebuild rebuild(BenchmarkContext context, InProcessPlatform platform, String what, String request)
            throws Exception {
        URI rebuilds = platform.baseUrl().resolve("/api/admin/rebuilds");
        System.gc();
        AtomicLong maxUsed = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(HEAP_SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        AtomicReference<String> latest = new AtomicReference<>("requested");
        long begin = System.nanoTime();
        sampler.start();
        try (AutoCloseable ticking = context.progress().ticking(() -> what + ": " + latest.get())) {
            HttpResponse<String> started = context.http().send(
                    HttpLoad.postJson(rebuilds, platform.authorization(), request),
                    HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                throw new IllegalStateException("POST " + rebuilds + " answered " + started.statusCode() + ": "
                        + started.body());
            }
            URI status = rebuilds.resolve("/api/admin/rebuilds/" + JSON.readTree(started.body()).get("rebuildId").asLong());
            long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> answer = context.http().send(HttpLoad.get(status, platform.authorization()),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode rebuild = JSON.readTree(answer.body());
                String phase = rebuild.path("phase").asText();
                latest.set(String.format(Locale.ROOT, "%s %,d of %,d events, %s events/s, %s s left", phase,
                        rebuild.path("eventsDone").asLong(), rebuild.path("eventsTotal").asLong(),
                        rebuild.path("eventsPerSecond").isNumber()
                                ? String.format(Locale.ROOT, "%,.0f", rebuild.get("eventsPerSecond").asDouble()) : "?",
                        rebuild.path("secondsLeft").isNumber() ? rebuild.get("secondsLeft").asText() : "?"));
                if ("SWITCHED".equals(phase)) {
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    return new Rebuild(rebuild.get("eventsDone").asLong(), seconds, maxUsed.get(),
                            rebuild.path("maxEventsPerSecond").isNumber() ? rebuild.get("maxEventsPerSecond").asInt()
                                    : null);
                }
                if (List.of("CANCELLED", "FAILED").contains(phase)) {
                    throw new IllegalStateException(what + " ended " + phase + ": " + answer.body());
                }
                Thread.sleep(POLL_MILLIS);
            }
            throw new IllegalStateException(what + " did not switch within " + WAIT_LIMIT.toMinutes() + " minutes; "
                    + latest.get());
        } finally {
            sampler.interrupt();
            sampler.join(1_000);
        }
    }

    /** What the generated history holds. */
    record History(long events, int orders, long[] onHand) {
    }

    /** Appends the products' registrations and the orders' histories. */
    private static History writeHistory(BenchmarkContext context, String prefix, String customer, int events)
            throws Exception {
        ObjectMapper axonJson = AxonJson.objectMapper();
        int orders = Math.max(1, (events - SKUS) / EVENTS_PER_ORDER);
        long[] sequence = new long[SKUS];
        long[] onHand = new long[SKUS];
        long[] reserved = new long[SKUS];
        long written = 0;
        try (Connection connection = context.database().connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (global_index, "
                    + "aggregate_identifier, sequence_number, type, event_identifier, payload_type, payload_revision, "
                    + "payload, meta_data, time_stamp) VALUES (nextval('domain_event_entry_seq'), ?, ?, ?, ?, ?, ?, "
                    + "?, ?, ?)")) {
                Rows rows = new Rows(connection, insert, axonJson);
                for (int s = 0; s < SKUS; s++) {
                    onHand[s] = 1_000_000_000L;
                    rows.add(sku(prefix, s), sequence[s]++, "InventoryItem", new ProductRegistered(sku(prefix, s),
                            "Rebuild item " + s, Money.of(UNIT_PRICE, "EUR"), (int) onHand[s]));
                }
                long salt = prefix.hashCode();
                for (int first = 0; first < orders; first += IN_FLIGHT) {
                    int last = Math.min(orders, first + IN_FLIGHT);
                    for (int step = 0; step < EVENTS_PER_ORDER; step++) {
                        for (int o = first; o < last; o++) {
                            String orderId = SampleOrders.orderId(salt, o);
                            int[] skus = {o % SKUS, (o + 1) % SKUS, (o + 2) % SKUS};
                            int line = step <= 3 ? step - 1 : step - 7;
                            String paymentId = Identifiers.paymentIdFor(orderId);
                            Money amount = Money.of(UNIT_PRICE * 6, "EUR");
                            switch (step) {
                                case 0 -> rows.add(orderId, 0, "Order", new OrderPlaced(orderId, customer, List.of(
                                        new OrderLine(sku(prefix, skus[0]), 1), new OrderLine(sku(prefix, skus[1]), 2),
                                        new OrderLine(sku(prefix, skus[2]), 3)), "pm_approve", paymentId));
                                case 1, 2, 3 -> {
                                    int s = skus[line];
                                    reserved[s] += line + 1;
                                    rows.add(sku(prefix, s), sequence[s]++, "InventoryItem", new StockReserved(
                                            sku(prefix, s), orderId, line + 1, Money.of(UNIT_PRICE, "EUR"),
                                            (int) (onHand[s] - reserved[s])));
                                }
                                case 4 -> rows.add(paymentId, 0, "Payment", new PaymentAuthorizationRequested(
                                        paymentId, orderId, amount, "pm_approve"));
                                case 5 -> rows.add(paymentId, 1, "Payment", new PaymentAuthorized(paymentId, orderId,
                                        amount, "bench-" + o));
                                case 6 -> rows.add(orderId, 1, "Order", new OrderConfirmed(orderId, paymentId,
                                        "stock reserved and payment authorized"));
                                default -> {
                                    int s = skus[line];
                                    reserved[s] -= line + 1;
                                    onHand[s] -= line + 1;
                                    rows.add(sku(prefix, s), sequence[s]++, "InventoryItem", new ReservationCommitted(
                                            sku(prefix, s), orderId, line + 1, (int) onHand[s]));
                                }
                            }
                        }
                    }
                }
                rows.flush();
                written = rows.written;
            }
        }
        return new History(written, orders, onHand);
    }

    private static String sku(String prefix, int s) {
        return prefix + s;
    }

    /** The insert of event rows, committed every {@link #WRITE_BATCH}. */
    private static final class Rows {
        final Connection connection;
        final PreparedStatement insert;
        final ObjectMapper json;
        long written;
        int inBatch;

        Rows(Connection connection, PreparedStatement insert, ObjectMapper json) {
            this.connection = connection;
            this.insert = insert;
            this.json = json;
        }

        void add(String aggregate, long sequence, String type, Object payload) throws Exception {
            String eventId = UUID.randomUUID().toString();
            insert.setString(1, aggregate);
            insert.setLong(2, sequence);
            insert.setString(3, type);
            insert.setString(4, eventId);
            insert.setString(5, payload.getClass().getName());
            insert.setString(6, SampleOrders.revisionOf(payload.getClass()));
            insert.setBytes(7, json.writeValueAsBytes(payload));
            insert.setBytes(8, SampleOrders.metadata(eventId));
            insert.setString(9, Instant.now().toString());
            insert.addBatch();
            written++;
            if (++inBatch == WRITE_BATCH) {
                flush();
            }
        }

        void flush() throws Exception {
            if (inBatch > 0) {
                insert.executeBatch();
                connection.commit();
                inBatch = 0;
            }
        }
    }

    /**
     * Polls the projections' status, printing their progress, until none has an error and every one has reached
     * {@code head} with a lag of 0.
     */
    private static void awaitLiveCaughtUp(BenchmarkContext context, URI statuses, String authorization, long head)
            throws Exception {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        AtomicReference<String> latest = new AtomicReference<>("starting");
        try (AutoCloseable ticking = context.progress().ticking(() -> "live projections catching up: " + latest.get())) {
            while (System.nanoTime() < deadline) {
                HttpResponse<String> response = context.http().send(HttpLoad.get(statuses, authorization),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET " + statuses + " answered " + response.statusCode());
                }
                JsonNode projections = JSON.readTree(response.body()).get("projections");
                boolean done = projections.size() > 0;
                List<String> positions = new ArrayList<>();
                for (JsonNode projection : projections) {
                    if (projection.get("error").asBoolean()) {
                        throw new IllegalStateException("projection " + projection.get("name").asText()
                                + " stopped on an error while catching up: " + projection);
                    }
                    long position = projection.path("minPosition").asLong(-1);
                    positions.add(String.format(Locale.ROOT, "%s %,d", projection.get("name").asText(), position));
                    done &= !projection.get("replaying").asBoolean() && projection.path("lag").isNumber()
                            && projection.get("lag").asLong() == 0 && position >= head;
                }
                latest.set(String.join(", ", positions) + String.format(Locale.ROOT, " of %,d", head));
                if (done) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
        throw new IllegalStateException("the live projections did not catch up within " + WAIT_LIMIT.toMinutes()
                + " minutes; " + latest.get());
    }

    private static void verify(BenchmarkContext context, String prefix, String customer, History history)
            throws Exception {
        long confirmed = context.database().queryForLong("SELECT count(*) FROM order_view WHERE customer_id = ? AND "
                + "status = 'CONFIRMED'", customer);
        long priced = context.database().queryForLong("SELECT count(*) FROM order_line_view l JOIN order_view o USING "
                + "(order_id) WHERE o.customer_id = ? AND l.unit_price_minor = " + UNIT_PRICE, customer);
        long authorized = context.database().queryForLong("SELECT count(*) FROM payment_view p JOIN order_view o USING "
                + "(order_id) WHERE o.customer_id = ? AND p.status = 'AUTHORIZED'", customer);
        long onHand = context.database().queryForLong("SELECT coalesce(sum(on_hand), 0) FROM product_view WHERE sku "
                + "LIKE ? AND reserved = 0", prefix + "%");
        long expectedOnHand = 0;
        for (long units : history.onHand()) {
            expectedOnHand += units;
        }
        if (confirmed != history.orders() || priced != 3L * history.orders() || authorized != history.orders()
                || onHand != expectedOnHand) {
            throw new IllegalStateException(String.format(Locale.ROOT, "after the rebuild the read models hold %d of %d "
                    + "orders CONFIRMED, %d of %d lines priced, %d payments AUTHORIZED, %d of %d units on hand",
                    confirmed, history.orders(), priced, 3L * history.orders(), authorized, onHand, expectedOnHand));
        }
    }
}
