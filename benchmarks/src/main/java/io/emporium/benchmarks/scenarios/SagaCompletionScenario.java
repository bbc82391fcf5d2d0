package io.emporium.benchmarks.scenarios;

import io.emporium.benchmarks.BenchmarkContext;
import io.emporium.benchmarks.Findings;
import io.emporium.benchmarks.RunningPlatform;
import io.emporium.benchmarks.Scenario;
import io.emporium.benchmarks.Sizes;
import io.emporium.benchmarks.load.HttpLoad;
import io.emporium.benchmarks.load.OpenLoop;
import io.emporium.benchmarks.load.Throttled;
import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Latencies;
import io.emporium.benchmarks.report.Target;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Scenario 2: orders placed at a fixed offered rate (open loop); how many reach their final status in the
 * order read model and how long that takes from the POST, first with every order approved, then with
 * declined payments and out-of-stock lines, whose compensations are part of what is measured. While it
 * runs it also collects, for scenario 3, how long events take to show in the order view.
 */
public final class SagaCompletionScenario implements Scenario {

    /** How often the order view is polled for the orders still open. */
    static final long POLL_INTERVAL_MILLIS = 10;
    /** A poll that takes longer than a tenth of the interval is followed by a pause this many times as long. */
    static final long POLL_PAUSE_FACTOR = 9;
    static final int PLENTY_SKUS = 10;
    static final String SCARCE_SKU = "BENCH-SAGA-SCARCE";
    static final int SCARCE_STOCK = 10;
    static final int SCARCE_QUANTITY = 1_000;
    /** The warm-up ends at the first round whose JIT compilation time was less than this share of its time. */
    static final double JIT_SETTLED_SHARE = 0.25;

    /** What an order of the load is made to end as. */
    enum Kind {
        APPROVED("CONFIRMED"), DECLINED("REJECTED"), OUT_OF_STOCK("REJECTED");

        final String expectedStatus;

        Kind(String expectedStatus) {
            this.expectedStatus = expectedStatus;
        }
    }

    private final ReadModelLag lag = new ReadModelLag();

    /** What scenario 3 reports: the read-model lags observed under this scenario's load. */
    ReadModelLag lag() {
        return lag;
    }

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String id() {
        return "saga-completion";
    }

    @Override
    public String title() {
        return "Saga completion: orders to their final status at a fixed offered load";
    }

    @Override
    public String method() {
        return "An open loop issues `POST /api/orders` at a fixed rate for a bounded time (one sender thread, each "
                + "request asynchronous, scheduled at start + i / rate whatever the answers), so the offered load "
                + "does not drop when the platform slows down. Latency is taken from each order's scheduled moment "
                + "to the first poll of the order view that shows its final status: every " + POLL_INTERVAL_MILLIS
                + " ms one query reads `order_view` (the table behind `GET /api/orders/{id}`) for all orders still "
                + "open, through JDBC on the benchmark database. The moment of a poll is taken just before its query "
                + "is sent (PostgreSQL takes its snapshot then), so latencies are overstated by at most one poll "
                + "interval plus one query (when a query takes longer than a tenth of the interval, the next poll waits nine "
                + "times as long as it took, so that the poller never keeps the database busy more than a tenth of the "
                + "time; the resolution then drops: the notes give the longest query). Products are registered with enough stock first (ten SKUs, two lines per "
                + "order). Two loads: every order `pm_approve` (latency to CONFIRMED), then 20% `pm_decline` "
                + "(payment declined, stock released) and 10% with a line of a SKU holding too little stock "
                + "(reservation rejected, the other line released), latency to whatever final status. An order "
                + "counts as complete when its final status shows within the completion wait after the last "
                + "order was sent; every final status is checked against the expected one. For the all-approved load, the share "
                + "of the orders issued that ended CONFIRMED is a figure of its own: a saga deadline that rejects a "
                + "backlog makes orders final, never confirmed. Both loads have the p99 target. Unmeasured warm-up "
                + "rounds of the mixed load come first, each a third of a load: in the harness's JVM they stop at the "
                + "first round in which the JIT compilers were busy less than a quarter of the time, with `--url` all of them run "
                + "(their number is in the sizes); the notes give each round's latencies. Ceiling: one-row "
                + "appends (the saga appends several events per order in several transactions), for the "
                + "completion rate the peak rate, for latencies the one-connection latencies.";
    }

    @Override
    public Requirement requirement() {
        return Requirement.RUNNING_PLATFORM;
    }

    @Override
    public void run(BenchmarkContext context, Findings findings) throws Exception {
        if (!context.inProcess()) {
            findings.note("with --url, the order view is read from the --db-url database: the platform must use it");
        }
        registerProducts(context);
        URI base = context.platform().baseUrl();
        HttpLoad.sendExpecting(context.http(), HttpLoad.postJson(base.resolve("/api/products"),
                context.platform().authorization(), """
                {"sku":"%s","name":"Scarce benchmark item","unitPrice":{"amount":990,"currency":"EUR"},"initialStock":%d}"""
                .formatted(SCARCE_SKU, SCARCE_STOCK)), 201, 200);

        Sizes sizes = context.sizes();
        int rate = sizes.sagaOrdersPerSecond();
        int operations = operations(rate, sizes.sagaLoadDuration());
        warmUp(context, findings, rate, Math.max(1, operations / 3));
        Load approved = runLoad(context, findings, new LoadPlan("all approved", rate, operations,
                sizes.sagaCompletionWait(), index -> Kind.APPROVED));
        report(context, findings, approved, true);
        Load mixed = runLoad(context, findings, new LoadPlan("20% declined, 10% out of stock", rate, operations,
                sizes.sagaCompletionWait(), SagaCompletionScenario::mixed));
        report(context, findings, mixed, false);
        lag.complete();
    }

    /** The mixed load's kinds: 20% declined, 10% out of stock, the rest approved. */
    static Kind mixed(int index) {
        return switch (index % 10) {
            case 2, 7 -> Kind.DECLINED;
            case 5 -> Kind.OUT_OF_STOCK;
            default -> Kind.APPROVED;
        };
    }

    /**
     * Unmeasured rounds of the mixed load at the measured rate, so that the loads measure the platform as it runs
     * once warm, not its first minutes (class loading, connection pools, and above all the JIT compilers: on two
     * cores, at this load, their accumulated compilation time grows faster than the clock for the first half minute and
     * by a third of it still after three). In the harness's own JVM, which is the platform's, the rounds stop at the
     * first in which the compilation time ({@link CompilationMXBean}) grew by less than {@value #JIT_SETTLED_SHARE} of
     * the round's time; against a running platform every round of
     * {@link Sizes#sagaWarmupRounds()} is offered. Each round's latencies are noted, so the cold start stays visible.
     */
    private static void warmUp(BenchmarkContext context, Findings findings, int rate, int ordersPerRound)
            throws Exception {
        warmUp(context, findings, rate, ordersPerRound, context.platform());
    }

    /** As {@link #warmUp(BenchmarkContext, Findings, int, int)}, on {@code platform} (a scenario's own). */
    static void warmUp(BenchmarkContext context, Findings findings, int rate, int ordersPerRound,
                       RunningPlatform platform) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = context.inProcess() && jit != null && jit.isCompilationTimeMonitoringSupported();
        int rounds = context.sizes().sagaWarmupRounds();
        long started = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            long compiledBefore = watchJit ? jit.getTotalCompilationTime() : 0;
            long roundStarted = System.nanoTime();
            String label = "warm-up round " + round + " (not measured)";
            Measured measured = Measured.of(runLoad(context, findings, new LoadPlan(label, rate, ordersPerRound,
                    context.sizes().sagaCompletionWait(), SagaCompletionScenario::mixed), platform));
            double roundMillis = (System.nanoTime() - roundStarted) / 1e6;
            String jitNote = "";
            boolean settled = false;
            if (watchJit) {
                long compiled = jit.getTotalCompilationTime() - compiledBefore;
                settled = compiled < JIT_SETTLED_SHARE * roundMillis;
                jitNote = String.format(Locale.ROOT, "; the JIT compiled for %d ms of the round's %.0f ms", compiled,
                        roundMillis);
            }
            findings.note(String.format(Locale.ROOT, "%s: %d of %d final, POST to final status p50 %.1f ms, p99 %.1f ms%s",
                    label, measured.complete(), measured.issued(), Latencies.millis(measured.toFinal(), 50),
                    Latencies.millis(measured.toFinal(), 99), jitNote));
            if (settled || round == rounds) {
                findings.note(String.format(Locale.ROOT, "warm-up: %d round(s) of %d orders in %.0f s; %s", round,
                        ordersPerRound, (System.nanoTime() - started) / 1e9, !watchJit
                                ? "every round offered (the platform's JIT cannot be watched from here)"
                                : settled ? "the JIT had settled" : "the JIT was still busy after the last round"));
                return;
            }
        }
    }

    /**
     * Registers the plenty SKUs the orders of every load draw from; registering them again is accepted and changes
     * nothing, so every scenario that places such orders calls this first.
     */
    static void registerProducts(BenchmarkContext context) throws Exception {
        registerProducts(context, context.platform());
    }

    /** As {@link #registerProducts(BenchmarkContext)}, on {@code platform} (a scenario's own). */
    static void registerProducts(BenchmarkContext context, RunningPlatform platform) throws Exception {
        URI base = platform.baseUrl();
        String authorization = platform.authorization();
        for (int i = 0; i < PLENTY_SKUS; i++) {
            HttpLoad.sendExpecting(context.http(), HttpLoad.postJson(base.resolve("/api/products"), authorization,
                    SampleOrders.registerProductJson(plentySku(i))), 201, 200);
        }
    }

    /** Orders offered at {@code rate} per second for {@code duration}. */
    static int operations(double rate, Duration duration) {
        return (int) Math.round(rate * duration.toMillis() / 1000.0);
    }

    static String plentySku(int i) {
        return "BENCH-SAGA-" + i;
    }

    static String orderJson(String orderId, int index, Kind kind) {
        String first = "{\"sku\":\"" + plentySku(index % PLENTY_SKUS) + "\",\"quantity\":1}";
        String second = kind == Kind.OUT_OF_STOCK
                ? "{\"sku\":\"" + SCARCE_SKU + "\",\"quantity\":" + SCARCE_QUANTITY + "}"
                : "{\"sku\":\"" + plentySku((index + 1) % PLENTY_SKUS) + "\",\"quantity\":2}";
        String token = kind == Kind.DECLINED ? "pm_decline" : "pm_approve";
        return "{\"orderId\":\"" + orderId + "\",\"lines\":[" + first + "," + second
                + "],\"paymentMethodToken\":\"" + token + "\"}";
    }

    /**
     * One load to offer: {@code operations} orders at {@code ratePerSecond}, each made to end as {@code kindOf} says,
     * followed in the order view until {@code completionWait} after the last one was sent.
     */
    record LoadPlan(String label, double ratePerSecond, int operations, Duration completionWait,
                    IntFunction<Kind> kindOf) {
    }

    /** One load and what the order view showed of each of its orders, by index. */
    record Load(LoadPlan plan, OpenLoop.Outcome outcome, String[] orderIds, Kind[] kinds, long[] firstSeenNanos,
                long[] firstSeenEpochMicros, String[] finalStatus, long[] finalSeenNanos, long[] finalSeenEpochMicros,
                boolean[] failed) {

        String label() {
            return plan.label();
        }
    }

    /**
     * What one load came to, over the orders issued.
     *
     * @param complete    orders whose final status showed within the completion wait
     * @param confirmed   of those, the ones that ended CONFIRMED
     * @param failed      orders whose POST failed, without those answered 429
     * @param throttled   orders whose POST the platform's rate limit answered 429
     * @param toFinal     POST to any final status, microseconds
     * @param toConfirmed POST to CONFIRMED, microseconds
     * @param byKind      POST to final status by kind of order
     * @param unexpected  final statuses other than the expected, by kind and status
     * @param lastFinalNanos when the last final status was seen; {@link Long#MIN_VALUE} when none was
     */
    record Measured(int issued, long complete, long confirmed, long failed, long throttled, Histogram toFinal,
                    Histogram toConfirmed, Map<Kind, Histogram> byKind, Map<String, Long> unexpected,
                    long lastFinalNanos) {

        static Measured of(Load load) {
            OpenLoop.Outcome outcome = load.outcome();
            Histogram toFinal = Latencies.newHistogram();
            Histogram toConfirmed = Latencies.newHistogram();
            Map<Kind, Histogram> byKind = new EnumMap<>(Kind.class);
            Map<String, Long> unexpected = new TreeMap<>();
            long complete = 0;
            long confirmed = 0;
            long lastFinal = Long.MIN_VALUE;
            for (int i = 0; i < outcome.issued(); i++) {
                if (load.finalStatus()[i] == null) {
                    continue;
                }
                complete++;
                lastFinal = Math.max(lastFinal, load.finalSeenNanos()[i]);
                long micros = Math.min(Math.max(0, (load.finalSeenNanos()[i] - outcome.scheduledNanos()[i]) / 1000),
                        toFinal.getHighestTrackableValue());
                if (!load.finalStatus()[i].equals(load.kinds()[i].expectedStatus)) {
                    unexpected.merge(load.kinds()[i] + " ended " + load.finalStatus()[i], 1L, Long::sum);
                }
                toFinal.recordValue(micros);
                if ("CONFIRMED".equals(load.finalStatus()[i])) {
                    confirmed++;
                    toConfirmed.recordValue(micros);
                }
                byKind.computeIfAbsent(load.kinds()[i], kind -> Latencies.newHistogram()).recordValue(micros);
            }
            long throttled = outcome.throttled();
            return new Measured(outcome.issued(), complete, confirmed, count(load.failed()) - throttled, throttled,
                    toFinal, toConfirmed, byKind, unexpected, lastFinal);
        }

        /** Percent of the orders issued whose final status showed within the wait. */
        double finalShare() {
            return issued == 0 ? 0 : 100.0 * complete / issued;
        }

        /**
         * Percent of the orders issued that ended CONFIRMED. An order the saga's deadline rejected is final too, so
         * only this share tells a load whose orders were all approved from one whose backlog timed out.
         */
        double confirmedShare() {
            return issued == 0 ? 0 : 100.0 * confirmed / issued;
        }
    }

    /**
     * The load-and-measure routine of every load of orders: offers the plan's orders through the open loop while a
     * poller follows them in the order view, then waits, at most the plan's completion wait after the last order
     * was sent, until each has reached a final status. Notes what the load did; returns what each order showed.
     */
    static Load runLoad(BenchmarkContext context, Findings findings, LoadPlan plan) throws Exception {
        return runLoad(context, findings, plan, context.platform());
    }

    /** As {@link #runLoad(BenchmarkContext, Findings, LoadPlan)}, on {@code platform} (a scenario's own). */
    static Load runLoad(BenchmarkContext context, Findings findings, LoadPlan plan, RunningPlatform platform)
            throws Exception {
        int operations = plan.operations();
        URI orders = platform.baseUrl().resolve("/api/orders");
        String authorization = platform.authorization();
        long salt = ThreadLocalRandom.current().nextLong();
        Load load = new Load(plan, null, new String[operations], new Kind[operations], new long[operations],
                new long[operations], new String[operations], new long[operations], new long[operations],
                new boolean[operations]);
        for (int i = 0; i < operations; i++) {
            load.orderIds[i] = SampleOrders.orderId(salt, i);
            load.kinds[i] = plan.kindOf().apply(i);
        }
        String label = plan.label();
        findings.note(String.format(Locale.ROOT, "%s: %d order(s) of earlier work still PENDING in the order view at "
                + "the start", label, context.database().queryForLong("SELECT count(*) FROM order_view WHERE status = 'PENDING'")));
        Set<Integer> open = new ConcurrentSkipListSet<>();
        OpenLoop.Sender sender = index -> {
            open.add(index);
            return context.http()
                          .sendAsync(HttpLoad.postJson(orders, authorization, orderJson(load.orderIds[index], index, load.kinds[index])),
                                  HttpResponse.BodyHandlers.discarding())
                          .thenApply(response -> HttpLoad.failureOf(response.statusCode(), 202));
        };
        OpenLoop.ResultListener onResult = (index, failure) -> {
            if (failure != null) {
                load.failed[index] = true;
                open.remove(index);
            }
        };
        Poller poller = new Poller(context, load, open);
        Thread polling = new Thread(poller, "bench-order-view-poller");
        polling.setDaemon(true);
        polling.start();
        OpenLoop.Outcome outcome;
        long waitNanos = plan.completionWait().toNanos();
        try {
            // Four times the planned duration is the hard stop; the load normally ends by count.
            Duration planned = Duration.ofMillis(Math.max(1, Math.round(operations * 1000.0 / plan.ratePerSecond())));
            outcome = new OpenLoop(context.progress()).run(new OpenLoop.Plan("saga, " + label,
                    plan.ratePerSecond(), operations, planned.multipliedBy(4)), sender, onResult);
            poller.finishWithin(waitNanos);
            polling.join(plan.completionWait().toMillis() + 10_000);
        } finally {
            poller.stop();
        }
        if (poller.error != null) {
            throw new IllegalStateException("polling the order view failed", poller.error);
        }
        findings.note(outcome.summary());
        findings.note(String.format(Locale.ROOT, "%s: %d polls of the order view, the longest query took %.1f ms (a poll "
                + "that takes longer than %d ms is followed by a pause %d times as long as it took)", label,
                poller.polls, poller.longestPollNanos / 1e6, POLL_INTERVAL_MILLIS / (POLL_PAUSE_FACTOR + 1),
                POLL_PAUSE_FACTOR));
        return new Load(plan, outcome, load.orderIds, load.kinds, load.firstSeenNanos, load.firstSeenEpochMicros,
                load.finalStatus, load.finalSeenNanos, load.finalSeenEpochMicros, load.failed);
    }

    private void report(BenchmarkContext context, Findings findings, Load load, boolean confirmedOnly) throws Exception {
        OpenLoop.Outcome outcome = load.outcome();
        Measured measured = Measured.of(load);
        int rate = context.sizes().sagaOrdersPerSecond();
        String name = "saga, " + load.label() + ", at " + rate + " orders/s";
        findings.add(Figure.platform(name + ", orders reaching a final status", "%", measured.finalShare(),
                Figure.Better.HIGHER));
        if (confirmedOnly) {
            // Every order of this load is approved: one that ended otherwise (a deadline firing on a backlog
            // rejects it) is a failure of the load, however fast its final status came.
            findings.add(Figure.platform(name + ", orders ending CONFIRMED", "%", measured.confirmedShare(),
                    Figure.Better.HIGHER).withTarget(Target.atLeast(99.9, "≥ 99.9% of the orders issued end CONFIRMED")));
        }
        double seconds = measured.complete() == 0 ? 0 : (measured.lastFinalNanos() - outcome.scheduledNanos()[0]) / 1e9;
        Figure rateFigure = Figure.platform(name + ", final statuses per second", "orders/s",
                seconds > 0 ? measured.complete() / seconds : 0, Figure.Better.HIGHER);
        Optional<Ceiling> ceiling = context.ceiling();
        findings.add(ceiling.flatMap(Ceiling::peakOneRowPerTransaction)
                            .map(raw -> rateFigure.comparedTo(new Figure.Reference("peak " + raw.name(), raw.rowsPerSecond(), "rows/s")))
                            .orElse(rateFigure));
        Optional<Ceiling.Appends> oneRow = ceiling.flatMap(c -> c.oneRowPerTransaction(1));
        Histogram latency = confirmedOnly ? measured.toConfirmed() : measured.toFinal();
        List<Figure> latencies = Latencies.platform(name + (confirmedOnly ? ", POST to CONFIRMED in the order view"
                        : ", POST to final status in the order view"), latency,
                oneRow.map(Ceiling.Appends::latencyMicros).orElse(null), oneRow.map(Ceiling.Appends::name).orElse(""), 0);
        for (Figure figure : latencies) {
            findings.add(figure.name().endsWith("latency p99")
                    ? figure.withTarget(Target.atMost(500, "p99 < 500 ms at " + rate + " orders/s")) : figure);
        }
        findings.note(String.format(Locale.ROOT, "%s: %d of %d orders issued reached a final status within %d s of the "
                        + "last order, %d ended CONFIRMED; %d answered with a failure; unexpected final statuses: %s",
                load.label(), measured.complete(), outcome.issued(), load.plan().completionWait().toSeconds(),
                measured.confirmed(), measured.failed(), measured.unexpected().isEmpty() ? "none" : measured.unexpected()));
        if (measured.throttled() > 0) {
            findings.note(load.label() + ": " + Throttled.note(measured.throttled()));
        }
        for (Map.Entry<Kind, Histogram> kind : measured.byKind().entrySet()) {
            findings.note(String.format(Locale.ROOT, "%s, %s orders: %d final, POST to final status p50 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms", load.label(), kind.getKey(), kind.getValue().getTotalCount(),
                    Latencies.millis(kind.getValue(), 50), Latencies.millis(kind.getValue(), 99),
                    Latencies.millis(kind.getValue(), 100)));
        }
        context.progress().say("%s: %d of %d final, %d CONFIRMED, p99 %.1f ms", name, measured.complete(),
                outcome.issued(), measured.confirmed(), Latencies.millis(latency, 99));
        List<String> finished = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < outcome.issued(); i++) {
            if (load.firstSeenNanos()[i] != 0) {
                seen.add(load.orderIds()[i]);
            }
            if (load.finalStatus()[i] != null) {
                finished.add(load.orderIds()[i]);
            }
        }
        recordLag(context, load, seen, finished);
    }

    /**
     * Event timestamps as the order view keeps them (an order's {@code placed_at} and its status history's
     * {@code changed_at} are its events' own), against the moments the poller first saw them. The view holds them in
     * both modes; the event store's table exists only in standalone mode.
     */
    private void recordLag(BenchmarkContext context, Load load, List<String> seen, List<String> finished)
            throws Exception {
        Map<String, Integer> indexOf = new TreeMap<>();
        for (int i = 0; i < load.orderIds().length; i++) {
            indexOf.put(load.orderIds()[i], i);
        }
        try (Connection connection = context.database().connect()) {
            try (PreparedStatement placed = connection.prepareStatement(
                    "SELECT order_id, placed_at FROM order_view WHERE order_id = ANY(?)")) {
                placed.setArray(1, connection.createArrayOf("varchar", seen.toArray()));
                try (ResultSet rows = placed.executeQuery()) {
                    while (rows.next()) {
                        int i = indexOf.get(rows.getString(1));
                        lag.recordPlaced(load.firstSeenEpochMicros()[i] - epochMicros(rows.getTimestamp(2).toInstant()));
                    }
                }
            }
            try (PreparedStatement last = connection.prepareStatement("SELECT DISTINCT ON (order_id) order_id, changed_at "
                    + "FROM order_status_history WHERE order_id = ANY(?) ORDER BY order_id, sequence_number DESC")) {
                last.setArray(1, connection.createArrayOf("varchar", finished.toArray()));
                try (ResultSet rows = last.executeQuery()) {
                    while (rows.next()) {
                        int i = indexOf.get(rows.getString(1));
                        lag.recordFinal(load.finalSeenEpochMicros()[i] - epochMicros(rows.getTimestamp(2).toInstant()));
                    }
                }
            }
        }
    }

    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static long count(boolean[] flags) {
        long count = 0;
        for (boolean flag : flags) {
            if (flag) {
                count++;
            }
        }
        return count;
    }

    /** Polls the order view for the open orders of one load until all are final or the completion wait is over. */
    private static final class Poller implements Runnable {

        private final BenchmarkContext context;
        private final Load load;
        private final Set<Integer> open;
        private volatile long deadline = Long.MAX_VALUE;
        private volatile boolean loadEnded;
        private volatile boolean stopped;
        volatile Exception error;
        volatile long polls;
        volatile long longestPollNanos;

        Poller(BenchmarkContext context, Load load, Set<Integer> open) {
            this.context = context;
            this.load = load;
            this.open = open;
        }

        void finishWithin(long nanos) {
            deadline = System.nanoTime() + nanos;
            loadEnded = true;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            Map<String, Integer> indexOf = new TreeMap<>();
            for (int i = 0; i < load.orderIds().length; i++) {
                indexOf.put(load.orderIds()[i], i);
            }
            try (Connection connection = context.database().connect();
                 PreparedStatement query = connection.prepareStatement(
                         "SELECT order_id, status FROM order_view WHERE order_id = ANY(?)")) {
                while (!stopped && System.nanoTime() < deadline && !(loadEnded && open.isEmpty())) {
                    long pollStart = System.nanoTime();
                    if (!open.isEmpty()) {
                        List<String> ids = new ArrayList<>();
                        for (int index : open) {
                            ids.add(load.orderIds()[index]);
                        }
                        Array array = connection.createArrayOf("varchar", ids.toArray());
                        long nanos = System.nanoTime();
                        long micros = epochMicros(Instant.now());
                        query.setArray(1, array);
                        try (ResultSet rows = query.executeQuery()) {
                            while (rows.next()) {
                                int i = indexOf.get(rows.getString(1));
                                if (load.firstSeenNanos()[i] == 0) {
                                    load.firstSeenNanos()[i] = nanos;
                                    load.firstSeenEpochMicros()[i] = micros;
                                }
                                String status = rows.getString(2);
                                if (!"PENDING".equals(status)) {
                                    load.finalStatus()[i] = status;
                                    load.finalSeenNanos()[i] = nanos;
                                    load.finalSeenEpochMicros()[i] = micros;
                                    open.remove(i);
                                }
                            }
                        }
                    }
                    long took = System.nanoTime() - pollStart;
                    polls++;
                    longestPollNanos = Math.max(longestPollNanos, took);
                    // The poller is on the platform's cores: it keeps its database connection busy at most a tenth
                    // of the time. A query of many open orders (a backlog) is followed by a pause nine times as long
                    // as it took; its cost grows with the backlog, and at half of the time it held up to a quarter of
                    // this machine's two cores, slowing the flow it measures.
                    long tookMillis = took / 1_000_000;
                    long sleep = Math.max(POLL_INTERVAL_MILLIS - tookMillis, POLL_PAUSE_FACTOR * tookMillis);
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            } catch (Exception e) {
                error = e;
            }
        }
    }
}
