package io.emporium.benchmarks.scenarios;

import io.emporium.benchmarks.BenchmarkContext;
import io.emporium.benchmarks.Findings;
import io.emporium.benchmarks.Scenario;
import io.emporium.benchmarks.Sizes;
import io.emporium.benchmarks.load.HttpLoad;
import io.emporium.benchmarks.load.OpenLoop;
import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Latencies;
import io.emporium.benchmarks.report.Target;
import io.emporium.messages.order.OrderPlaced;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
    static final int PLENTY_SKUS = 10;
    static final String SCARCE_SKU = "BENCH-SAGA-SCARCE";
    static final int SCARCE_STOCK = 10;
    static final int SCARCE_QUANTITY = 1_000;

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
                + "interval plus one query (when a query takes longer than the interval, the next poll waits as long as it took, "
                + "so the resolution then drops: the notes give the longest query). Products are registered with enough stock first (ten SKUs, two lines per "
                + "order). Two loads: every order `pm_approve` (latency to CONFIRMED), then 20% `pm_decline` "
                + "(payment declined, stock released) and 10% with a line of a SKU holding too little stock "
                + "(reservation rejected, the other line released), latency to whatever final status. An order "
                + "counts as complete when its final status shows within the completion wait after the last "
                + "order was sent; every final status is checked against the expected one. An unmeasured warm-up "
                + "load of a sixth of the orders, all approved, comes first. Ceiling: one-row "
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
        URI base = context.platform().baseUrl();
        String authorization = context.platform().authorization();
        for (int i = 0; i < PLENTY_SKUS; i++) {
            HttpLoad.sendExpecting(context.http(), HttpLoad.postJson(base.resolve("/api/products"), authorization,
                    SampleOrders.registerProductJson(plentySku(i))), 201, 200);
        }
        HttpLoad.sendExpecting(context.http(), HttpLoad.postJson(base.resolve("/api/products"), authorization, """
                {"sku":"%s","name":"Scarce benchmark item","unitPrice":{"amount":990,"currency":"EUR"},"initialStock":%d}"""
                .formatted(SCARCE_SKU, SCARCE_STOCK)), 201, 200);

        int operations = (int) Math.round(context.sizes().sagaOrdersPerSecond()
                * (double) context.sizes().sagaLoadDuration().toMillis() / 1000.0);
        // Unmeasured: the platform's first orders and sagas run cold (class loading, JIT, connection pools).
        runLoad(context, findings, "warm-up (not measured)", Math.max(1, operations / 6), index -> Kind.APPROVED);
        Load approved = runLoad(context, findings, "all approved", operations, index -> Kind.APPROVED);
        report(context, findings, approved, true);
        Load mixed = runLoad(context, findings, "20% declined, 10% out of stock", operations, index -> switch (index % 10) {
            case 2, 7 -> Kind.DECLINED;
            case 5 -> Kind.OUT_OF_STOCK;
            default -> Kind.APPROVED;
        });
        report(context, findings, mixed, false);
        lag.complete();
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

    /** One load and what the order view showed of each of its orders, by index. */
    record Load(String label, OpenLoop.Outcome outcome, String[] orderIds, Kind[] kinds, long[] firstSeenNanos,
                long[] firstSeenEpochMicros, String[] finalStatus, long[] finalSeenNanos, long[] finalSeenEpochMicros,
                boolean[] failed) {
    }

    private Load runLoad(BenchmarkContext context, Findings findings, String label, int operations,
                         IntFunction<Kind> kindOf) throws Exception {
        Sizes sizes = context.sizes();
        URI orders = context.platform().baseUrl().resolve("/api/orders");
        String authorization = context.platform().authorization();
        long salt = ThreadLocalRandom.current().nextLong();
        Load load = new Load(label, null, new String[operations], new Kind[operations], new long[operations],
                new long[operations], new String[operations], new long[operations], new long[operations],
                new boolean[operations]);
        for (int i = 0; i < operations; i++) {
            load.orderIds[i] = SampleOrders.orderId(salt, i);
            load.kinds[i] = kindOf.apply(i);
        }
        findings.note(String.format(Locale.ROOT, "%s: %d order(s) of earlier work still PENDING in the order view at "
                + "the start", label, context.database().queryForLong("SELECT count(*) FROM order_view WHERE status = 'PENDING'")));
        Set<Integer> open = new ConcurrentSkipListSet<>();
        OpenLoop.Sender sender = index -> {
            open.add(index);
            return context.http()
                          .sendAsync(HttpLoad.postJson(orders, authorization, orderJson(load.orderIds[index], index, load.kinds[index])),
                                  HttpResponse.BodyHandlers.discarding())
                          .thenApply(response -> response.statusCode() == 202 ? null : "HTTP " + response.statusCode());
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
        try {
            // Four times the planned duration is the hard stop; the load normally ends by count.
            outcome = new OpenLoop(context.progress()).run(new OpenLoop.Plan("saga, " + label,
                    sizes.sagaOrdersPerSecond(), operations, sizes.sagaLoadDuration().multipliedBy(4)), sender, onResult);
            poller.finishWithin(sizes.sagaCompletionWait().toNanos());
            polling.join(sizes.sagaCompletionWait().toMillis() + 10_000);
        } finally {
            poller.stop();
        }
        if (poller.error != null) {
            throw new IllegalStateException("polling the order view failed", poller.error);
        }
        findings.note(outcome.summary());
        findings.note(String.format(Locale.ROOT, "%s: %d polls of the order view, the longest query took %.1f ms (a poll "
                + "that takes longer than %d ms is followed by a pause as long as it took)", label, poller.polls,
                poller.longestPollNanos / 1e6, POLL_INTERVAL_MILLIS));
        return new Load(label, outcome, load.orderIds, load.kinds, load.firstSeenNanos, load.firstSeenEpochMicros,
                load.finalStatus, load.finalSeenNanos, load.finalSeenEpochMicros, load.failed);
    }

    private void report(BenchmarkContext context, Findings findings, Load load, boolean confirmedOnly) throws Exception {
        OpenLoop.Outcome outcome = load.outcome();
        Histogram latency = Latencies.newHistogram();
        Map<Kind, Histogram> byKind = new EnumMap<>(Kind.class);
        Map<String, Long> unexpected = new TreeMap<>();
        long complete = 0;
        long lastFinal = Long.MIN_VALUE;
        List<String> finished = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < outcome.issued(); i++) {
            if (load.firstSeenNanos[i] != 0) {
                seen.add(load.orderIds[i]);
            }
            if (load.finalStatus[i] == null) {
                continue;
            }
            complete++;
            finished.add(load.orderIds[i]);
            lastFinal = Math.max(lastFinal, load.finalSeenNanos[i]);
            long micros = Math.max(0, (load.finalSeenNanos[i] - outcome.scheduledNanos()[i]) / 1000);
            if (!load.finalStatus[i].equals(load.kinds[i].expectedStatus)) {
                unexpected.merge(load.kinds[i] + " ended " + load.finalStatus[i], 1L, Long::sum);
            }
            if (!confirmedOnly || "CONFIRMED".equals(load.finalStatus[i])) {
                latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
            }
            byKind.computeIfAbsent(load.kinds[i], kind -> Latencies.newHistogram())
                  .recordValue(Math.min(micros, latency.getHighestTrackableValue()));
        }
        String name = "saga, " + load.label() + ", at " + context.sizes().sagaOrdersPerSecond() + " orders/s";
        double completedShare = outcome.issued() == 0 ? 0 : 100.0 * complete / outcome.issued();
        findings.add(Figure.platform(name + ", orders reaching a final status", "%", completedShare, Figure.Better.HIGHER));
        double seconds = complete == 0 ? 0 : (lastFinal - outcome.scheduledNanos()[0]) / 1e9;
        Figure rate = Figure.platform(name + ", final statuses per second", "orders/s",
                seconds > 0 ? complete / seconds : 0, Figure.Better.HIGHER);
        Optional<Ceiling> ceiling = context.ceiling();
        findings.add(ceiling.flatMap(Ceiling::peakOneRowPerTransaction)
                            .map(raw -> rate.comparedTo(new Figure.Reference("peak " + raw.name(), raw.rowsPerSecond(), "rows/s")))
                            .orElse(rate));
        Optional<Ceiling.Appends> oneRow = ceiling.flatMap(c -> c.oneRowPerTransaction(1));
        List<Figure> latencies = Latencies.platform(name + (confirmedOnly ? ", POST to CONFIRMED in the order view"
                        : ", POST to final status in the order view"), latency,
                oneRow.map(Ceiling.Appends::latencyMicros).orElse(null), oneRow.map(Ceiling.Appends::name).orElse(""), 0);
        for (Figure figure : latencies) {
            findings.add(confirmedOnly && figure.name().endsWith("latency p99")
                    ? figure.withTarget(Target.atMost(500, "p99 < 500 ms at 100 orders/s")) : figure);
        }
        findings.note(String.format(Locale.ROOT, "%s: %d of %d orders issued reached a final status within %d s of the "
                        + "last order; %d answered with a failure; unexpected final statuses: %s", load.label(), complete,
                outcome.issued(), context.sizes().sagaCompletionWait().toSeconds(), count(load.failed),
                unexpected.isEmpty() ? "none" : unexpected));
        for (Map.Entry<Kind, Histogram> kind : byKind.entrySet()) {
            findings.note(String.format(Locale.ROOT, "%s, %s orders: %d final, POST to final status p50 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms", load.label(), kind.getKey(), kind.getValue().getTotalCount(),
                    Latencies.millis(kind.getValue(), 50), Latencies.millis(kind.getValue(), 99),
                    Latencies.millis(kind.getValue(), 100)));
        }
        context.progress().say("%s: %d of %d final, p99 %.1f ms", name, complete, outcome.issued(),
                Latencies.millis(latency, 99));
        recordLag(context, load, seen, finished);
    }

    /** Event timestamps from the store and the view, against the moments the poller first saw them. */
    private void recordLag(BenchmarkContext context, Load load, List<String> seen, List<String> finished)
            throws Exception {
        Map<String, Integer> indexOf = new TreeMap<>();
        for (int i = 0; i < load.orderIds().length; i++) {
            indexOf.put(load.orderIds()[i], i);
        }
        try (Connection connection = context.database().connect()) {
            try (PreparedStatement placed = connection.prepareStatement("SELECT aggregate_identifier, time_stamp "
                    + "FROM domain_event_entry WHERE aggregate_identifier = ANY(?) AND payload_type = ?")) {
                placed.setArray(1, connection.createArrayOf("varchar", seen.toArray()));
                placed.setString(2, OrderPlaced.class.getName());
                try (ResultSet rows = placed.executeQuery()) {
                    while (rows.next()) {
                        int i = indexOf.get(rows.getString(1));
                        lag.recordPlaced(load.firstSeenEpochMicros()[i] - epochMicros(Instant.parse(rows.getString(2))));
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
                    // A poll that took longer than the interval is followed by a pause as long as it took, so that
                    // the poller never keeps a database connection busy more than half of the time.
                    long tookMillis = took / 1_000_000;
                    long sleep = tookMillis > POLL_INTERVAL_MILLIS ? tookMillis : POLL_INTERVAL_MILLIS - tookMillis;
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
