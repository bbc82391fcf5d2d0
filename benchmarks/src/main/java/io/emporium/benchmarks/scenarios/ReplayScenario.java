package io.emporium.benchmarks.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.benchmarks.BenchmarkContext;
import io.emporium.benchmarks.Findings;
import io.emporium.benchmarks.InProcessPlatform;
import io.emporium.benchmarks.Scenario;
import io.emporium.benchmarks.load.HttpLoad;
import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Target;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.platform.serialization.AxonJson;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 4: the projections rebuilt from the whole event store by the admin replay, with at least the
 * run's replay size of events stored; events per second and the heap's peak during the replay.
 */
public final class ReplayScenario implements Scenario {

    /** Events of one SKU in the generated history: its registration and then stock receipts. */
    static final int EVENTS_PER_SKU = 1_000;
    /** Rows per transaction when the history is written. */
    static final int WRITE_BATCH = 1_000;
    /** The longest the projections may take to catch up with the written history, and then to replay it. */
    static final Duration WAIT_LIMIT = Duration.ofMinutes(10);
    static final long POLL_MILLIS = 100;
    static final long HEAP_SAMPLE_MILLIS = 20;

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
        return "Replay: rebuilding the projections from the event store";
    }

    @Override
    public String method() {
        return "First, products' histories are appended straight to `domain_event_entry` by JDBC (" + WRITE_BATCH
                + " rows per transaction), no platform running: per SKU a `ProductRegistered` and then `StockReceived` "
                + "events, " + EVENTS_PER_SKU + " events per SKU, each row as the platform stores it (payload and "
                + "trace metadata written by the platform's own Jackson mapper, aggregate type `InventoryItem`). They "
                + "are inventory events because an `OrderPlaced` would start a saga for each order on the platform. "
                + "A fresh platform is started and the harness waits until its projections have caught up. Then "
                + "`POST /api/admin/projections/{name}/replay` for every projection at once, and "
                + "`GET /api/admin/projections` every " + POLL_MILLIS + " ms until none replays and every lag is 0. "
                + "Events/s = events in the store ÷ wall time from the first replay request to that moment; every "
                + "projection reads every event (only `product-catalogue` writes rows for these). Memory: the JVM's "
                + "used heap, sampled every " + HEAP_SAMPLE_MILLIS + " ms during the replay; the JVM also holds the "
                + "harness. Checked afterwards: the catalogue holds every written SKU with its stock. Ceiling: the "
                + "raw ordered scan of scenario 6.";
    }

    @Override
    public Requirement requirement() {
        return Requirement.OWN_PLATFORMS;
    }

    @Override
    public void run(BenchmarkContext context, Findings findings) throws Exception {
        int events = context.sizes().replayEvents();
        String prefix = "REPLAY-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
                                         .toUpperCase(Locale.ROOT) + "-";
        int skus = (events + EVENTS_PER_SKU - 1) / EVENTS_PER_SKU;
        long start = System.nanoTime();
        long onHandTotal = writeHistory(context, prefix, events, skus);
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        findings.note(String.format(Locale.ROOT, "history written by JDBC: %,d events over %,d SKUs in %.1f s (%.0f "
                + "events/s)", events, skus, writeSeconds, events / writeSeconds));

        try (InProcessPlatform platform = context.startOwnPlatform("replaying the projections", Map.of())) {
            URI statuses = platform.baseUrl().resolve("/api/admin/projections");
            long catchUpStart = System.nanoTime();
            List<String> names = awaitCaughtUp(context, statuses, platform.authorization(), -1,
                    "catching up with the written history");
            findings.note(String.format(Locale.ROOT, "the fresh platform's projections caught up with the written "
                    + "history in %.1f s before the replay", (System.nanoTime() - catchUpStart) / 1e9));

            long stored = context.database().queryForLong("SELECT count(*) FROM domain_event_entry");
            long head = context.database().queryForLong("SELECT coalesce(max(global_index), 0) FROM domain_event_entry");
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                                                                .filter(pool -> pool.getType() == MemoryType.HEAP)
                                                                .toList();
            System.gc();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
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
            sampler.start();
            double seconds;
            try {
                long replayStart = System.nanoTime();
                for (String name : names) {
                    HttpLoad.sendExpecting(context.http(), HttpLoad.post(platform.baseUrl().resolve(
                            "/api/admin/projections/" + name + "/replay"), platform.authorization()), 202);
                }
                awaitCaughtUp(context, statuses, platform.authorization(), head, "replaying " + String.join(", ", names));
                seconds = (System.nanoTime() - replayStart) / 1e9;
            } finally {
                sampler.interrupt();
                sampler.join(1_000);
            }
            long poolPeaks = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();

            verify(context, prefix, skus, onHandTotal);
            double rate = stored / seconds;
            context.progress().say("replay: %,d events in %.1f s, %.0f events/s, heap peak %.0f MB", stored, seconds,
                    rate, maxUsed.get() / 1e6);
            Figure figure = Figure.platform(String.format(Locale.ROOT, "replay of %,d stored events, %d projections at "
                    + "once", stored, names.size()), "events/s", rate, Figure.Better.HIGHER)
                                  .withTarget(Target.atLeast(50_000, "≥ 50,000 events/s"));
            findings.add(context.ceiling().flatMap(Ceiling::scan)
                                .map(scan -> figure.comparedTo(new Figure.Reference(String.format(Locale.ROOT,
                                        "%s (%,d rows)", scan.name(), scan.rows()), scan.rowsPerSecond(), "rows/s")))
                                .orElse(figure));
            findings.add(Figure.platform("used heap during the replay, highest sample (whole JVM)", "MB",
                    maxUsed.get() / 1e6, Figure.Better.LOWER));
            findings.note(String.format(Locale.ROOT, "replay took %.1f s; heap pools' peaks add up to %.0f MB (peaks "
                            + "of different moments); maximum heap %.0f MB", seconds, poolPeaks / 1e6,
                    maxHeap / 1e6));
        }
    }

    /** Appends the SKUs' histories; returns the sum of their final stock on hand. */
    private static long writeHistory(BenchmarkContext context, String prefix, int events, int skus) throws Exception {
        ObjectMapper axonJson = AxonJson.objectMapper();
        long onHandTotal = 0;
        int written = 0;
        try (Connection connection = context.database().connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (global_index, "
                    + "aggregate_identifier, sequence_number, type, event_identifier, payload_type, payload_revision, "
                    + "payload, meta_data, time_stamp) VALUES (nextval('domain_event_entry_seq'), ?, ?, 'InventoryItem', "
                    + "?, ?, NULL, ?, ?, ?)")) {
                int inBatch = 0;
                for (int s = 0; s < skus && written < events; s++) {
                    String sku = prefix + s;
                    int onHand = 10;
                    for (int sequence = 0; sequence < EVENTS_PER_SKU && written < events; sequence++) {
                        Object payload = sequence == 0
                                ? new ProductRegistered(sku, "Replay item " + s, Money.of(1_990, "EUR"), onHand)
                                : new StockReceived(sku, 1, ++onHand);
                        String eventId = UUID.randomUUID().toString();
                        insert.setString(1, sku);
                        insert.setLong(2, sequence);
                        insert.setString(3, eventId);
                        insert.setString(4, payload.getClass().getName());
                        insert.setBytes(5, axonJson.writeValueAsBytes(payload));
                        insert.setBytes(6, SampleOrders.metadata(eventId));
                        insert.setString(7, Instant.now().toString());
                        insert.addBatch();
                        written++;
                        if (++inBatch == WRITE_BATCH) {
                            insert.executeBatch();
                            connection.commit();
                            inBatch = 0;
                        }
                    }
                    onHandTotal += onHand;
                }
                if (inBatch > 0) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
        return onHandTotal;
    }

    /**
     * Polls the projections' status until none replays, none has an error, and every one has reached
     * {@code head} (or, when head is negative, has a lag of 0). Returns the projections' names.
     */
    private static List<String> awaitCaughtUp(BenchmarkContext context, URI statuses, String authorization, long head,
                                              String what)
            throws Exception {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = context.http().send(HttpLoad.get(statuses, authorization),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + statuses + " answered " + response.statusCode());
            }
            JsonNode projections = JSON.readTree(response.body()).get("projections");
            List<String> names = new ArrayList<>();
            boolean done = projections.size() > 0;
            for (JsonNode projection : projections) {
                names.add(projection.get("name").asText());
                if (projection.get("error").asBoolean()) {
                    throw new IllegalStateException("projection " + projection.get("name").asText()
                            + " stopped on an error while " + what + ": " + projection);
                }
                boolean caughtUp = !projection.get("replaying").asBoolean()
                        && projection.path("lag").isNumber() && projection.get("lag").asLong() == 0
                        && (head < 0 || projection.path("minPosition").asLong(-1) >= head);
                done &= caughtUp;
            }
            if (done) {
                return names;
            }
            last = response.body();
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("the projections did not finish " + what + " within " + WAIT_LIMIT.toMinutes()
                + " minutes; last status: " + last);
    }

    private static void verify(BenchmarkContext context, String prefix, int skus, long onHandTotal) throws Exception {
        long rows = context.database().queryForLong("SELECT count(*) FROM product_view WHERE sku LIKE ?", prefix + "%");
        long onHand = context.database().queryForLong("SELECT coalesce(sum(on_hand), 0) FROM product_view WHERE sku LIKE ?",
                prefix + "%");
        if (rows != skus || onHand != onHandTotal) {
            throw new IllegalStateException(String.format(Locale.ROOT, "after the replay the catalogue holds %d of %d "
                    + "written SKUs with %d of %d on hand", rows, skus, onHand, onHandTotal));
        }
    }
}
