package io.emporium.benchmarks.scenarios;

import io.emporium.benchmarks.BenchmarkContext;
import io.emporium.benchmarks.Findings;
import io.emporium.benchmarks.Scenario;
import io.emporium.benchmarks.Sizes;
import io.emporium.benchmarks.load.ClosedLoop;
import io.emporium.benchmarks.load.HttpLoad;
import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Latencies;
import io.emporium.benchmarks.report.Target;
import io.emporium.messages.order.OrderPlaced;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1: place-order requests over HTTP at rising concurrency; accepted commands per second and their
 * latency, each beside raw one-row-per-transaction appends at the same concurrency.
 */
public final class CommandPathScenario implements Scenario {

    /** Issue 7's target: place-order throughput at least 40% of the raw one-row-per-transaction append rate. */
    static final double TARGET_SHARE = 0.40;

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String id() {
        return "command-path";
    }

    @Override
    public String title() {
        return "Command path: place order over HTTP";
    }

    @Override
    public String method() {
        return "`POST /api/orders` with a new order id per request (three lines, `pm_approve`), sent by a closed "
                + "loop of N clients (JDK HttpClient, HTTP/1.1 keep-alive, loopback) at each concurrency level: each "
                + "client sends its next request when the previous one is answered. A request is accepted when "
                + "answered 202, i.e. the `PlaceOrder` command was decided and its `OrderPlaced` event stored. "
                + "Latency is request to response, recorded in an HdrHistogram. A warm-up of unmeasured requests "
                + "precedes the first level. Each level is compared with raw one-row-per-transaction appends over "
                + "the same number of connections (scenario 6); the target compares the peaks over all levels.";
    }

    @Override
    public Requirement requirement() {
        return Requirement.RUNNING_PLATFORM;
    }

    /** The longest the scenario waits for earlier orders' sagas to finish before it starts its own load. */
    static final Duration REST_WAIT_LIMIT = Duration.ofMinutes(5);

    /**
     * Waits until no order of earlier scenarios is PENDING in the order view (their sagas have finished), so that
     * the first level is not measured beside another scenario's backlog; notes how long that took.
     */
    static void awaitNoPendingOrders(BenchmarkContext context, Findings findings) throws Exception {
        long start = System.nanoTime();
        long deadline = start + REST_WAIT_LIMIT.toNanos();
        long pending = context.database().queryForLong("SELECT count(*) FROM order_view WHERE status = 'PENDING'");
        long initially = pending;
        while (pending > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            pending = context.database().queryForLong("SELECT count(*) FROM order_view WHERE status = 'PENDING'");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String outcome = pending == 0 ? "all final" : pending + " still PENDING when the wait ended";
        findings.note(String.format(Locale.ROOT, "before the load: %d order(s) of earlier scenarios were PENDING; waited "
                + "%.1f s (at most %d s): %s", initially, seconds, REST_WAIT_LIMIT.toSeconds(), outcome));
        context.progress().say("%d order(s) of earlier scenarios PENDING; waited %.1f s: %s", initially, seconds, outcome);
    }

    @Override
    public void run(BenchmarkContext context, Findings findings) throws Exception {
        Sizes sizes = context.sizes();
        URI base = context.platform().baseUrl();
        String authorization = context.platform().authorization();
        URI orders = base.resolve("/api/orders");
        for (String sku : SampleOrders.SKUS) {
            // Registering the same product again is accepted and changes nothing: a rerun on a running platform works.
            HttpLoad.sendExpecting(context.http(), HttpLoad.postJson(base.resolve("/api/products"), authorization,
                    SampleOrders.registerProductJson(sku)), 201, 200);
        }
        awaitNoPendingOrders(context, findings);
        long salt = ThreadLocalRandom.current().nextLong();
        AtomicLong sequence = new AtomicLong();
        ClosedLoop.WorkerFactory placeOrders = HttpLoad.expecting(context.http(), 202,
                index -> HttpLoad.postJson(orders, authorization,
                        SampleOrders.placeOrderJson(SampleOrders.orderId(salt, sequence.getAndIncrement()))));
        ClosedLoop loop = new ClosedLoop(context.progress());

        ClosedLoop.Outcome warmup = loop.run(new ClosedLoop.Step("warm-up",
                Math.min(4, sizes.maxConcurrency()), sizes.warmupRequests(), sizes.timeLimitPerStep()), placeOrders);
        findings.note(warmup.summary() + "; not measured");

        Optional<Ceiling> ceiling = context.ceiling();
        ClosedLoop.Outcome peak = null;
        for (int clients : sizes.concurrencyLevels()) {
            String name = "place order, " + clients + (clients == 1 ? " client" : " clients");
            ClosedLoop.Outcome outcome = loop.run(new ClosedLoop.Step(name, clients, sizes.requestsPerLevel(),
                    sizes.timeLimitPerStep()), placeOrders);
            findings.note(outcome.summary());
            context.progress().say("%s: %.0f accepted commands/s, p99 %.2f ms", name,
                    outcome.acceptedPerSecond(), Latencies.millis(outcome.latencyMicros(), 99));
            Optional<Ceiling.Appends> raw = ceiling.flatMap(c -> c.oneRowPerTransaction(clients));
            Figure rate = Figure.platform(name + ", accepted", "commands/s", outcome.acceptedPerSecond(),
                    Figure.Better.HIGHER);
            findings.add(raw.map(r -> rate.comparedTo(new Figure.Reference(r.name(), r.rowsPerSecond(), "rows/s"))).orElse(rate));
            findings.addAll(Latencies.platform(name, outcome.latencyMicros(),
                    raw.map(Ceiling.Appends::latencyMicros).orElse(null), raw.map(Ceiling.Appends::name).orElse(""), 0));
            if (peak == null || outcome.acceptedPerSecond() > peak.acceptedPerSecond()) {
                peak = outcome;
            }
        }

        Figure peakRate = Figure.platform(String.format(Locale.ROOT, "place order, peak over all levels (%d clients)",
                        peak.step().concurrency()), "commands/s", peak.acceptedPerSecond(), Figure.Better.HIGHER)
                .withTarget(Target.ratioAtLeast(TARGET_SHARE, "≥ 40% of raw one-row-per-transaction appends (peaks)"));
        Optional<Ceiling.Appends> rawPeak = ceiling.flatMap(Ceiling::peakOneRowPerTransaction);
        findings.add(rawPeak.map(r -> peakRate.comparedTo(new Figure.Reference(
                "peak " + r.name(), r.rowsPerSecond(), "rows/s"))).orElse(peakRate));

        if (context.inProcess()) {
            findings.note(String.format(Locale.ROOT, "stored OrderPlaced rows of this run: payload %d bytes, meta_data %d "
                            + "bytes on average",
                    context.database().queryForLong("SELECT coalesce(avg(octet_length(payload)), 0)::bigint "
                            + "FROM domain_event_entry WHERE payload_type = ?", OrderPlaced.class.getName()),
                    context.database().queryForLong("SELECT coalesce(avg(octet_length(meta_data)), 0)::bigint "
                            + "FROM domain_event_entry WHERE payload_type = ?", OrderPlaced.class.getName())));
        }
    }
}
