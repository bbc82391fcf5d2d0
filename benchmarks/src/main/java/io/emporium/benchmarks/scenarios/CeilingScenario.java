package io.emporium.benchmarks.scenarios;

import io.emporium.benchmarks.BenchDatabase;
import io.emporium.benchmarks.BenchmarkContext;
import io.emporium.benchmarks.Findings;
import io.emporium.benchmarks.Scenario;
import io.emporium.benchmarks.Sizes;
import io.emporium.benchmarks.load.ClosedLoop;
import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Latencies;
import io.emporium.messages.order.OrderPlaced;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 6: what PostgreSQL alone does with rows shaped like the platform's events, measured first in
 * every run so that every platform figure can be given as a share of it.
 */
public final class CeilingScenario implements Scenario {

    static final String TABLE = "bench_ceiling_event_entry";
    static final String SEQUENCE = "bench_ceiling_event_seq";
    private static final String PLACEHOLDER = "00000000-0000-0000-0000-000000000000";

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String id() {
        return "ceiling";
    }

    @Override
    public String title() {
        return "Ceiling: PostgreSQL alone";
    }

    @Override
    public String method() {
        return "Raw JDBC on a scratch table created `LIKE domain_event_entry INCLUDING ALL` in the benchmark "
                + "database (same columns, primary key and unique indexes, bytea payload), with its own sequence for "
                + "the global index, dropped afterwards. Every row is what the platform stores for a placed order: "
                + "the `OrderPlaced` payload and trace metadata written by the platform's own Jackson mapper. "
                + "(a) One row per transaction (insert with `nextval`, then commit) at each concurrency level, one "
                + "connection per worker, closed loop; latency is insert plus commit. "
                + "(b) Batches of rows per transaction (JDBC batch, then commit) on one connection. "
                + "(c) One ordered read of the whole table (`ORDER BY global_index`, every column, fetch size 1,000).";
    }

    @Override
    public Requirement requirement() {
        return Requirement.DATABASE;
    }

    @Override
    public void run(BenchmarkContext context, Findings findings) throws Exception {
        BenchDatabase database = context.database();
        Sizes sizes = context.sizes();
        ClosedLoop loop = new ClosedLoop(context.progress());
        Rows rows = new Rows(ThreadLocalRandom.current().nextLong());
        Ceiling ceiling = new Ceiling();
        createScratchTable(database);
        try {
            for (int connections : sizes.concurrencyLevels()) {
                ClosedLoop.Outcome outcome = loop.run(
                        new ClosedLoop.Step("raw one-row appends, " + connections
                                + (connections == 1 ? " connection" : " connections"), connections,
                                sizes.ceilingRowsPerLevel(), sizes.timeLimitPerStep()),
                        worker -> new InsertWorker(database, rows, 1));
                Ceiling.Appends appends = new Ceiling.Appends(connections, outcome.acceptedPerSecond(),
                        outcome.latencyMicros());
                ceiling.add(appends);
                findings.add(Figure.ceiling(appends.name(), "rows/s", appends.rowsPerSecond(), Figure.Better.HIGHER));
                findings.addAll(Latencies.ceiling(appends.name(), outcome.latencyMicros()));
                findings.note(outcome.summary());
                context.progress().say("%s: %.0f rows/s", appends.name(), appends.rowsPerSecond());
            }

            int batchSize = sizes.batchSize();
            ClosedLoop.Outcome batchedOutcome = loop.run(
                    new ClosedLoop.Step("raw batched appends", 1, sizes.ceilingBatchedRows() / batchSize,
                            sizes.timeLimitPerStep()),
                    worker -> new InsertWorker(database, rows, batchSize));
            Ceiling.BatchedAppends batched = new Ceiling.BatchedAppends(batchSize,
                    batchedOutcome.acceptedPerSecond() * batchSize);
            ceiling.setBatched(batched);
            findings.add(Figure.ceiling(batched.name(), "rows/s", batched.rowsPerSecond(), Figure.Better.HIGHER));
            findings.note(batchedOutcome.summary() + " (each attempt one transaction of " + batchSize + " rows)");
            context.progress().say("%s: %.0f rows/s", batched.name(), batched.rowsPerSecond());

            Ceiling.OrderedScan scan = scan(database, context);
            ceiling.setScan(scan);
            findings.add(Figure.ceiling(String.format(Locale.ROOT, "%s of %,d rows", scan.name(), scan.rows()),
                    "rows/s", scan.rowsPerSecond(), Figure.Better.HIGHER));
            context.progress().say("%s: %.0f rows/s", scan.name(), scan.rowsPerSecond());

            findings.note(String.format(Locale.ROOT, "row shape: payload %d bytes, meta_data %d bytes on average",
                    database.queryForLong("SELECT avg(octet_length(payload))::bigint FROM " + TABLE),
                    database.queryForLong("SELECT avg(octet_length(meta_data))::bigint FROM " + TABLE)));
            context.recordCeiling(ceiling);
        } finally {
            dropScratchTable(database);
        }
    }

    private static void createScratchTable(BenchDatabase database) throws SQLException {
        dropScratchTable(database);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SEQUENCE " + SEQUENCE + " START WITH 1 INCREMENT BY 1 NO CYCLE");
            statement.execute("CREATE TABLE " + TABLE + " (LIKE domain_event_entry INCLUDING ALL)");
        }
    }

    private static void dropScratchTable(BenchDatabase database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("DROP SEQUENCE IF EXISTS " + SEQUENCE);
        }
    }

    private static Ceiling.OrderedScan scan(BenchDatabase database, BenchmarkContext context) throws SQLException {
        try (Connection connection = database.connect()) {
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE " + TABLE);
            }
            connection.setAutoCommit(false); // a cursor, fetched 1,000 rows at a time, needs a transaction
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT global_index, aggregate_identifier, sequence_number, type, event_identifier, payload_type, "
                            + "payload_revision, payload, meta_data, time_stamp FROM " + TABLE + " ORDER BY global_index")) {
                query.setFetchSize(1_000);
                AtomicLong count = new AtomicLong();
                long bytes = 0;
                long start = System.nanoTime();
                try (AutoCloseable ticker = context.progress().ticking(
                        () -> String.format(Locale.ROOT, "raw ordered scan: %,d rows read", count.get()));
                     ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        rows.getLong(1);
                        rows.getString(2);
                        rows.getLong(3);
                        rows.getString(4);
                        rows.getString(5);
                        rows.getString(6);
                        rows.getString(7);
                        bytes += rows.getBytes(8).length;
                        byte[] meta = rows.getBytes(9);
                        bytes += meta == null ? 0 : meta.length;
                        rows.getString(10);
                        count.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw e;
                } catch (Exception closingTicker) {
                    throw new IllegalStateException(closingTicker);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                connection.commit();
                if (count.get() == 0 || bytes == 0) {
                    throw new IllegalStateException("the ordered scan read nothing");
                }
                return new Ceiling.OrderedScan(count.get(), count.get() / seconds);
            }
        }
    }

    /** Unique ids and the platform's bytes for each row, made cheaply so that the database is what is timed. */
    static final class Rows {

        private final long salt;
        private final AtomicLong next = new AtomicLong();
        private final String payloadTemplate;
        private final String metadataTemplate;

        Rows(long salt) {
            this.salt = salt;
            this.payloadTemplate = new String(SampleOrders.placedPayload(PLACEHOLDER), StandardCharsets.UTF_8);
            this.metadataTemplate = new String(SampleOrders.metadata(PLACEHOLDER), StandardCharsets.UTF_8);
        }

        void bind(PreparedStatement insert) throws SQLException {
            long n = next.getAndIncrement();
            String orderId = SampleOrders.orderId(salt, n);
            String eventId = SampleOrders.orderId(~salt, n);
            insert.setString(1, orderId);
            insert.setString(2, eventId);
            insert.setBytes(3, payloadTemplate.replace(PLACEHOLDER, orderId).getBytes(StandardCharsets.UTF_8));
            insert.setBytes(4, metadataTemplate.replace(PLACEHOLDER, eventId).getBytes(StandardCharsets.UTF_8));
            insert.setString(5, Instant.now().toString());
        }
    }

    /** One connection appending {@code rowsPerTransaction} rows per attempt, one transaction each. */
    private static final class InsertWorker implements ClosedLoop.Worker {

        private final Connection connection;
        private final PreparedStatement insert;
        private final Rows rows;
        private final int rowsPerTransaction;

        InsertWorker(BenchDatabase database, Rows rows, int rowsPerTransaction) throws SQLException {
            this.connection = database.connect();
            this.connection.setAutoCommit(false);
            this.insert = connection.prepareStatement("INSERT INTO " + TABLE + " (global_index, aggregate_identifier, "
                    + "sequence_number, type, event_identifier, payload_type, payload_revision, payload, meta_data, "
                    + "time_stamp) VALUES (nextval('" + SEQUENCE + "'), ?, 0, 'Order', ?, '"
                    + OrderPlaced.class.getName() + "', '" + SampleOrders.revisionOf(OrderPlaced.class)
                    + "', ?, ?, ?)");
            this.rows = rows;
            this.rowsPerTransaction = rowsPerTransaction;
        }

        @Override
        public String attempt(int index) throws SQLException {
            try {
                if (rowsPerTransaction == 1) {
                    rows.bind(insert);
                    insert.executeUpdate();
                } else {
                    for (int i = 0; i < rowsPerTransaction; i++) {
                        rows.bind(insert);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
                return null;
            } catch (SQLException e) {
                connection.rollback();
                return "SQLState " + e.getSQLState();
            }
        }

        @Override
        public void close() throws SQLException {
            insert.close();
            connection.close();
        }
    }
}
