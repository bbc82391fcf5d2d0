package io.emporium.benchmarks.load;

import io.emporium.benchmarks.Progress;
import io.emporium.benchmarks.report.Latencies;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open loop: attempt number {@code i} is scheduled at {@code start + i / rate}, whether or not earlier
 * attempts were answered, so the offered load stays fixed however slow the system is. One thread issues the
 * attempts at their scheduled moments; each attempt is asynchronous. Latencies are taken from the scheduled
 * moment, not from the moment the request actually left, so a late sender cannot hide queueing
 * (no coordinated omission). The loop stops after {@code operations} attempts or when the next scheduled
 * moment is past the time limit, whichever comes first.
 */
public final class OpenLoop {

    /** How long attempts still in flight may take to end after the last one was issued. */
    private static final Duration GRACE = Duration.ofSeconds(60);

    /** Issues one attempt; the future completes with null when it was accepted, else a short failure description. */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<String> send(int index);
    }

    /**
     * @param label         what the load is, for progress and notes
     * @param ratePerSecond attempts offered per second
     * @param operations    attempts at most
     * @param timeLimit     no attempt is scheduled after this
     */
    public record Plan(String label, double ratePerSecond, int operations, Duration timeLimit) {
    }

    /**
     * What the loop did.
     *
     * @param scheduledNanos  the scheduled moment ({@link System#nanoTime()}) of every issued attempt, by index
     * @param issued          attempts issued
     * @param accepted        attempts accepted
     * @param failures        failed attempts by description
     * @param sendWindowNanos from the first scheduled moment to the last
     * @param responseMicros  from the scheduled moment to the answer, of the accepted attempts
     * @param maxSendDelayMicros how late, at worst, an attempt left after its scheduled moment
     * @param stoppedByTime   whether the time limit ended the load before all attempts were made
     */
    public record Outcome(Plan plan, long[] scheduledNanos, int issued, long accepted, Map<String, Long> failures,
                          long sendWindowNanos, Histogram responseMicros, long maxSendDelayMicros,
                          boolean stoppedByTime) {

        /** The rate at which attempts were actually issued. */
        public double issuedPerSecond() {
            return issued < 2 ? 0 : (issued - 1) / (sendWindowNanos / 1e9);
        }

        /** Attempts answered 429 by the platform's rate limit; they are among the failures, and summarized apart. */
        public long throttled() {
            return Throttled.count(failures);
        }

        public String summary() {
            long throttled = throttled();
            return String.format(Locale.ROOT, "%s: %d issued at %.1f/s (offered %.1f/s), %d accepted, failures %s%s, "
                            + "response p99 %.2f ms, worst send delay %.2f ms%s", plan.label(), issued,
                    issuedPerSecond(), plan.ratePerSecond(), accepted, Throttled.others(failures),
                    throttled == 0 ? "" : ", " + Throttled.note(throttled), Latencies.millis(responseMicros, 99),
                    maxSendDelayMicros / 1000.0, stoppedByTime ? ", stopped by the time limit" : "");
        }
    }

    private final Progress progress;

    public OpenLoop(Progress progress) {
        this.progress = progress;
    }

    /**
     * Runs the plan. {@code onResult} is told of every attempt's end (index, failure or null), from the
     * attempt's completion thread.
     */
    public Outcome run(Plan plan, Sender sender, ResultListener onResult) throws InterruptedException {
        long period = Math.max(1, Math.round(1e9 / plan.ratePerSecond()));
        long[] scheduled = new long[plan.operations()];
        Histogram response = Latencies.newHistogram();
        Map<String, Long> failures = new TreeMap<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        CompletableFuture<?>[] inFlight = new CompletableFuture<?>[plan.operations()];
        long start = System.nanoTime();
        long limit = start + plan.timeLimit().toNanos();
        long worstDelay = 0;
        int issued = 0;
        boolean stoppedByTime = false;
        try (AutoCloseable ticker = progress.ticking(() -> String.format(Locale.ROOT, "%s: %d issued, %d answered",
                plan.label(), inFlightCount(inFlight), ended.get()))) {
            for (int index = 0; index < plan.operations(); index++) {
                long at = start + index * period;
                if (at > limit) {
                    stoppedByTime = true;
                    break;
                }
                long wait;
                while ((wait = at - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                worstDelay = Math.max(worstDelay, System.nanoTime() - at);
                scheduled[index] = at;
                int attempt = index;
                CompletableFuture<String> future;
                try {
                    future = sender.send(attempt);
                } catch (RuntimeException e) {
                    future = CompletableFuture.completedFuture(e.getClass().getSimpleName());
                }
                inFlight[index] = future.handle((failure, error) -> {
                    long micros = (System.nanoTime() - at) / 1000;
                    String outcome = error != null ? rootName(error) : failure;
                    synchronized (response) {
                        if (outcome == null) {
                            response.recordValue(Math.min(micros, response.getHighestTrackableValue()));
                            accepted.incrementAndGet();
                        } else {
                            failures.merge(outcome, 1L, Long::sum);
                        }
                    }
                    ended.incrementAndGet();
                    onResult.ended(attempt, outcome);
                    return null;
                });
                issued++;
            }
            CompletableFuture<?>[] all = new CompletableFuture<?>[issued];
            System.arraycopy(inFlight, 0, all, 0, issued);
            try {
                CompletableFuture.allOf(all).get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                synchronized (response) {
                    failures.merge("no answer within the grace period", (long) (issued - ended.get()), Long::sum);
                }
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(plan.label() + " failed", e);
        }
        long window = issued < 2 ? 0 : scheduled[issued - 1] - scheduled[0];
        synchronized (response) {
            return new Outcome(plan, scheduled, issued, accepted.get(), Map.copyOf(failures), window, response.copy(),
                    worstDelay / 1000, stoppedByTime);
        }
    }

    /** Told when an attempt ended. */
    @FunctionalInterface
    public interface ResultListener {
        /** @param failure null when the attempt was accepted */
        void ended(int index, String failure);
    }

    private static int inFlightCount(CompletableFuture<?>[] inFlight) {
        int count = 0;
        for (CompletableFuture<?> future : inFlight) {
            if (future != null) {
                count++;
            }
        }
        return count;
    }

    private static String rootName(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
