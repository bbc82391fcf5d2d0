package io.emporium.benchmarks.scenarios;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What PostgreSQL alone did in this run, on rows shaped like the platform's events: the figures every
 * platform figure is compared with.
 */
public final class Ceiling {

    /**
     * Raw appends of one row per transaction over {@code connections} connections.
     *
     * @param rowsPerSecond committed rows per second
     * @param latencyMicros time of each transaction (insert and commit)
     */
    public record Appends(int connections, double rowsPerSecond, Histogram latencyMicros) {

        public String name() {
            return "raw append, one row per transaction, " + connections + (connections == 1 ? " connection" : " connections");
        }
    }

    /**
     * Raw appends in batches.
     *
     * @param rowsPerTransaction rows per batch, one batch per transaction
     * @param rowsPerSecond      committed rows per second
     */
    public record BatchedAppends(int rowsPerTransaction, double rowsPerSecond) {

        public String name() {
            return "raw append, " + rowsPerTransaction + " rows per transaction, 1 connection";
        }
    }

    /**
     * A raw read of the whole table in global index order.
     *
     * @param rows          rows read
     * @param rowsPerSecond rows read per second
     */
    public record OrderedScan(long rows, double rowsPerSecond) {

        public String name() {
            return "raw ordered scan by global_index";
        }

        /** How long reading {@code count} rows in order takes at this rate, in milliseconds. */
        public double millisFor(long count) {
            return count / rowsPerSecond * 1000.0;
        }
    }

    private final Map<Integer, Appends> oneRowPerTransaction = new TreeMap<>();
    private BatchedAppends batched;
    private OrderedScan scan;

    void add(Appends appends) {
        oneRowPerTransaction.put(appends.connections(), appends);
    }

    void setBatched(BatchedAppends batched) {
        this.batched = batched;
    }

    void setScan(OrderedScan scan) {
        this.scan = scan;
    }

    /** One-row-per-transaction appends at exactly this many connections, if that level was measured. */
    public Optional<Appends> oneRowPerTransaction(int connections) {
        return Optional.ofNullable(oneRowPerTransaction.get(connections));
    }

    /** The level of one-row-per-transaction appends with the highest rate. */
    public Optional<Appends> peakOneRowPerTransaction() {
        return oneRowPerTransaction.values().stream().max(Comparator.comparingDouble(Appends::rowsPerSecond));
    }

    public Optional<BatchedAppends> batched() {
        return Optional.ofNullable(batched);
    }

    public Optional<OrderedScan> scan() {
        return Optional.ofNullable(scan);
    }
}
