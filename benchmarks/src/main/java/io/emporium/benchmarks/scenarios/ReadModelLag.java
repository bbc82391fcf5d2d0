package io.emporium.benchmarks.scenarios;

import io.emporium.benchmarks.report.Latencies;
import org.HdrHistogram.Histogram;

/**
 * The read-model lags scenario 2 observes under its load, for scenario 3 to report: per order, from the
 * {@code OrderPlaced} event's timestamp to the first poll that shows the order in the order view, and from
 * the final status event's timestamp to the first poll that shows that status. In microseconds.
 */
final class ReadModelLag {

    private final Histogram placed = Latencies.newHistogram();
    private final Histogram finalStatus = Latencies.newHistogram();
    private long negative;
    private boolean complete;

    synchronized void recordPlaced(long micros) {
        record(placed, micros);
    }

    synchronized void recordFinal(long micros) {
        record(finalStatus, micros);
    }

    private void record(Histogram histogram, long micros) {
        if (micros < 0) {
            negative++;
        }
        histogram.recordValue(Math.min(Math.max(0, micros), histogram.getHighestTrackableValue()));
    }

    /** Scenario 2 ran to its end: every one of its loads was recorded. */
    synchronized void complete() {
        complete = true;
    }

    synchronized boolean isComplete() {
        return complete;
    }

    synchronized Histogram placed() {
        return placed.copy();
    }

    synchronized Histogram finalStatus() {
        return finalStatus.copy();
    }

    /** Lags that came out negative (clock or timestamp resolution) and were recorded as 0. */
    synchronized long negative() {
        return negative;
    }
}
