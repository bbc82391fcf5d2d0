package io.emporium.benchmarks.scenarios;

import io.emporium.benchmarks.BenchDatabase;
import io.emporium.benchmarks.BenchmarkContext;
import io.emporium.benchmarks.Findings;
import io.emporium.benchmarks.InProcessPlatform;
import io.emporium.benchmarks.Progress;
import io.emporium.benchmarks.Scenario;
import io.emporium.benchmarks.Sizes;
import io.emporium.benchmarks.load.ClosedLoop;
import io.emporium.benchmarks.load.HttpLoad;
import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Latencies;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.inventory.StockReceived;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Scenario 5: command latency on one SKU whose history is long, with and without snapshots. Each mode runs
 * on a platform started for it alone, so that nothing the aggregate left in memory earlier is measured.
 */
public final class HotAggregateScenario implements Scenario {

    /** The platform's default snapshot threshold, set explicitly so that the environment cannot change it. */
    static final int SNAPSHOT_THRESHOLD = 100;

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String id() {
        return "hot-aggregate";
    }

    @Override
    public String title() {
        return "Hot aggregate: one SKU with a long history";
    }

    @Override
    public String method() {
        return "A platform registers one SKU (`RegisterProduct` through the command gateway); its history is then "
                + "written as `StockReceived` events straight into Axon's event store (`EventStore.publish` of "
                + "`GenericDomainEventMessage`s with consecutive sequence numbers, one transaction per batch), which is "
                + "much faster than sending one command per event and leaves no snapshot behind. Then, twice, the "
                + "SKU's snapshots are deleted and a fresh platform is started: once with snapshots off (threshold "
                + "2³¹−1) and once with snapshots every " + SNAPSHOT_THRESHOLD + " events. Each time one client sends "
                + "`POST /api/products/{sku}/stock` (quantity 1) one after another: the first command after start is "
                + "reported alone (it reads the whole history; with snapshots it also causes the first snapshot, which "
                + "is awaited before measuring on), then the rest as HdrHistogram percentiles. There is no aggregate "
                + "cache: every command loads the SKU from the store. Ceiling: raw one-row-per-transaction appends "
                + "over one connection, plus, where the platform reads the whole history, the time PostgreSQL alone "
                + "takes to read that many rows in order (scenario 6's scan rate).";
    }

    @Override
    public Requirement requirement() {
        return Requirement.OWN_PLATFORMS;
    }

    @Override
    public void run(BenchmarkContext context, Findings findings) throws Exception {
        Sizes sizes = context.sizes();
        BenchDatabase database = context.database();
        String sku = "HOT-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toUpperCase(Locale.ROOT);
        Optional<Ceiling> ceiling = context.ceiling();

        double appendRate;
        try (InProcessPlatform platform = context.startOwnPlatform("writing the hot SKU's history", Map.of())) {
            appendRate = writeHistory(platform, sku, sizes.hotHistoryEvents(), sizes.batchSize(), context.progress());
        }
        long stored = database.queryForLong("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", sku);
        if (stored != sizes.hotHistoryEvents()) {
            throw new IllegalStateException("the hot SKU " + sku + " holds " + stored + " events, expected "
                    + sizes.hotHistoryEvents());
        }
        Figure append = Figure.platform(String.format(Locale.ROOT,
                "history written through Axon's event store, %d events per transaction", sizes.batchSize()),
                "events/s", appendRate, Figure.Better.HIGHER);
        findings.add(ceiling.flatMap(Ceiling::batched)
                            .map(raw -> append.comparedTo(new Figure.Reference(raw.name(), raw.rowsPerSecond(), "rows/s")))
                            .orElse(append));
        findings.note(String.format(Locale.ROOT, "hot SKU %s: %,d events stored before measuring", sku, stored));

        measure(context, findings, sku, "without snapshots", Integer.MAX_VALUE, sizes.hotCommandsWithoutSnapshots());
        measure(context, findings, sku, "with snapshots every " + SNAPSHOT_THRESHOLD + " events", SNAPSHOT_THRESHOLD,
                sizes.hotCommandsWithSnapshots());
    }

    private static double writeHistory(InProcessPlatform platform, String sku, int events, int batchSize,
                                       Progress progress) throws Exception {
        platform.bean(CommandGateway.class).sendAndWait(new RegisterProduct(sku, "Hot benchmark item",
                Money.of(1_000, "EUR"), 0));
        EventStore store = platform.bean(EventStore.class);
        TransactionManager transactions = platform.bean(TransactionManager.class);
        DomainEventMessage<?> registered = store.readEvents(sku).next();
        String aggregateType = registered.getType();
        AtomicLong written = new AtomicLong(1);
        long start = System.nanoTime();
        try (AutoCloseable ticker = progress.ticking(() -> String.format(Locale.ROOT,
                "history of %s: %,d of %,d events written", sku, written.get(), events))) {
            int onHand = 0;
            for (long first = 1; first < events; first += batchSize) {
                List<DomainEventMessage<?>> batch = new ArrayList<>(batchSize);
                for (long sequence = first; sequence < Math.min(first + batchSize, events); sequence++) {
                    onHand++;
                    batch.add(new GenericDomainEventMessage<>(aggregateType, sku, sequence,
                            new StockReceived(sku, 1, onHand)));
                }
                transactions.executeInTransaction(() -> store.publish(batch));
                written.addAndGet(batch.size());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.say("history of %s: %,d events in %.1f s", sku, events, seconds);
        return (events - 1) / seconds;
    }

    private static void measure(BenchmarkContext context, Findings findings, String sku, String mode, int threshold,
                                int commands) throws Exception {
        BenchDatabase database = context.database();
        Sizes sizes = context.sizes();
        database.update("DELETE FROM snapshot_event_entry WHERE aggregate_identifier = ?", sku);
        try (InProcessPlatform platform = context.startOwnPlatform("hot SKU " + mode,
                // No cache: every command loads the SKU from the store, which is what is measured.
                Map.of("emporium.inventory.snapshot-threshold", Integer.toString(threshold),
                        "emporium.inventory.cache", "false"))) {
            long history = database.queryForLong("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", sku);
            URI stock = platform.baseUrl().resolve("/api/products/" + sku + "/stock");
            ClosedLoop.WorkerFactory receive = HttpLoad.expecting(context.http(), 200,
                    index -> HttpLoad.postJson(stock, platform.authorization(), "{\"quantity\":1}"));
            ClosedLoop loop = new ClosedLoop(context.progress());

            ClosedLoop.Outcome first = loop.run(new ClosedLoop.Step("hot SKU " + mode + ", first command", 1, 1,
                    sizes.timeLimitPerStep()), receive);
            if (first.accepted() != 1) {
                throw new IllegalStateException("the first command on the hot SKU " + mode + " failed: " + first.failures());
            }
            findings.note(first.summary());
            boolean snapshots = threshold == SNAPSHOT_THRESHOLD;
            if (snapshots) {
                awaitSnapshot(database, sku, sizes.timeLimitPerStep(), findings);
            }
            ClosedLoop.Outcome steady = loop.run(new ClosedLoop.Step("hot SKU " + mode, 1, commands,
                    sizes.timeLimitPerStep()), receive);
            findings.note(steady.summary());
            context.progress().say("hot SKU %s: first command %.1f ms, then p50 %.2f ms, p99 %.2f ms", mode,
                    Latencies.millis(first.latencyMicros(), 100), Latencies.millis(steady.latencyMicros(), 50),
                    Latencies.millis(steady.latencyMicros(), 99));

            Optional<Ceiling> ceiling = context.ceiling();
            Optional<Ceiling.Appends> oneRow = ceiling.flatMap(c -> c.oneRowPerTransaction(1));
            Optional<Ceiling.OrderedScan> scan = ceiling.flatMap(Ceiling::scan);
            String name = "hot SKU (" + String.format(Locale.ROOT, "%,d", history) + " events), " + mode;

            Figure firstFigure = Figure.platform(name + ", first command after start", "ms",
                    Latencies.millis(first.latencyMicros(), 100), Figure.Better.LOWER);
            if (oneRow.isPresent() && scan.isPresent()) {
                firstFigure = firstFigure.comparedTo(new Figure.Reference(String.format(Locale.ROOT,
                        "raw ordered read of %,d rows + %s, latency p50", history, oneRow.get().name()),
                        scan.get().millisFor(history) + Latencies.millis(oneRow.get().latencyMicros(), 50), "ms"));
            }
            findings.add(firstFigure);
            if (snapshots) {
                findings.addAll(Latencies.platform(name, steady.latencyMicros(),
                        oneRow.map(Ceiling.Appends::latencyMicros).orElse(null),
                        oneRow.map(Ceiling.Appends::name).orElse(""), 0));
            } else {
                boolean comparable = oneRow.isPresent() && scan.isPresent();
                findings.addAll(Latencies.platform(name, steady.latencyMicros(),
                        comparable ? oneRow.get().latencyMicros() : null,
                        comparable ? String.format(Locale.ROOT, "raw ordered read of %,d rows + %s", history,
                                oneRow.get().name()) : "",
                        comparable ? scan.get().millisFor(history) : 0));
            }
            findings.note(String.format(Locale.ROOT, "hot SKU %s: %d snapshot(s) stored at the end", mode,
                    database.queryForLong("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", sku)));
        }
    }

    private static void awaitSnapshot(BenchDatabase database, String sku, Duration limit, Findings findings)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (database.queryForLong("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", sku) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no snapshot of " + sku + " was stored within " + limit.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
        findings.note(String.format(Locale.ROOT, "first snapshot stored %.0f ms after the first command was answered",
                (System.nanoTime() - start) / 1e6));
    }
}
