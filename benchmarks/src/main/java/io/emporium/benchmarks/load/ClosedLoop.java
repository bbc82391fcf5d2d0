package io.emporium.benchmarks.load;

import io.emporium.benchmarks.Progress;
import io.emporium.benchmarks.report.Latencies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Runs {@code concurrency} workers that together make at most {@code operations} attempts, each worker
 * starting its next attempt when the previous one ended, and none starting one after the time limit. The
 * latency of every accepted attempt is recorded, in microseconds, into an HdrHistogram.
 *
 * <p>A closed loop measures what a fixed number of clients get; it never offers more load than the system
 * answers, so its latencies hold no queueing before the request was sent.
 */
public final class ClosedLoop {

    /** Extra time, past the time limit, for attempts still in flight to end before the step is abandoned. */
    private static final Duration GRACE = Duration.ofSeconds(60);

    /** What one worker does, on resources of its own (a connection, say) that it releases on close. */
    public interface Worker extends AutoCloseable {

        /**
         * Makes attempt number {@code index} (0-based, unique across workers).
         *
         * @return null when the attempt was accepted, else a short description of how it failed ("HTTP 503")
         */
        String attempt(int index) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    @FunctionalInterface
    public interface WorkerFactory {
        Worker open(int workerNumber) throws Exception;
    }

    /**
     * One step of load.
     *
     * @param label       what the step is, for progress and notes
     * @param concurrency workers
     * @param operations  attempts at most
     * @param timeLimit   no attempt starts after this
     */
    public record Step(String label, int concurrency, int operations, Duration timeLimit) {
    }

    /**
     * What a step did.
     *
     * @param accepted       attempts that succeeded
     * @param failed         attempts that failed
     * @param failures       failed attempts by description
     * @param elapsedNanos   from the start of the first attempt to the end of the last
     * @param latencyMicros  latencies of the accepted attempts
     * @param stoppedByTime  whether the time limit ended the step before all attempts were made
     */
    public record Outcome(Step step, long accepted, long failed, Map<String, Long> failures, long elapsedNanos,
                          Histogram latencyMicros, boolean stoppedByTime) {

        public double acceptedPerSecond() {
            return elapsedNanos <= 0 ? 0 : accepted / (elapsedNanos / 1e9);
        }

        public double seconds() {
            return elapsedNanos / 1e9;
        }

        /** Attempts answered 429 by the platform's rate limit; they are among the failed, and summarized apart. */
        public long throttled() {
            return Throttled.count(failures);
        }

        /** One line for the report's notes; 429 answers are not counted as failed but named on their own. */
        public String summary() {
            long throttled = throttled();
            Map<String, Long> others = Throttled.others(failures);
            return String.format(Locale.ROOT, "%s: %,d %s in %.1f s, %,d accepted, %,d failed%s%s%s",
                    step.label(), accepted + failed, accepted + failed == 1 ? "attempt" : "attempts", seconds(),
                    accepted, failed - throttled,
                    others.isEmpty() ? "" : " " + others,
                    throttled == 0 ? "" : ", " + Throttled.note(throttled),
                    stoppedByTime ? " (stopped by the time limit of " + step.timeLimit().toSeconds() + " s)" : "");
        }
    }

    private final Progress progress;

    public ClosedLoop(Progress progress) {
        this.progress = progress;
    }

    public Outcome run(Step step, WorkerFactory workers) throws InterruptedException {
        AtomicInteger nextIndex = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(step.concurrency());
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(step.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "load-" + step.label().replaceAll("\\W+", "-"));
            thread.setDaemon(true);
            return thread;
        });
        List<Future<Tally>> tallies = new ArrayList<>();
        for (int w = 0; w < step.concurrency(); w++) {
            int workerNumber = w;
            tallies.add(pool.submit(() -> {
                Tally tally = new Tally();
                boolean counted = false;
                try (Worker worker = workers.open(workerNumber)) {
                    ready.countDown();
                    counted = true;
                    go.await();
                    while (System.nanoTime() < deadline[0]) {
                        int index = nextIndex.getAndIncrement();
                        if (index >= step.operations()) {
                            break;
                        }
                        long start = System.nanoTime();
                        String failure;
                        try {
                            failure = worker.attempt(index);
                        } catch (InterruptedException interrupted) {
                            throw interrupted;
                        } catch (Exception e) {
                            failure = e.getClass().getSimpleName();
                        }
                        long micros = Math.max(1, (System.nanoTime() - start) / 1_000);
                        if (failure == null) {
                            tally.latency.recordValue(Math.min(micros, tally.latency.getHighestTrackableValue()));
                        } else {
                            tally.failures.merge(failure, 1L, Long::sum);
                        }
                        done.incrementAndGet();
                    }
                    tally.endNanos = System.nanoTime();
                } finally {
                    if (!counted) {
                        ready.countDown(); // a worker that could not open must not hold the others back
                    }
                }
                return tally;
            }));
        }
        ready.await();
        long start = System.nanoTime();
        deadline[0] = start + step.timeLimit().toNanos();
        go.countDown();
        Outcome outcome;
        try (AutoCloseable ticker = progress.ticking(() -> String.format(Locale.ROOT, "%s: %,d of %,d done",
                step.label(), done.get(), step.operations()))) {
            outcome = collect(step, tallies, start, nextIndex);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("step " + step.label() + " failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        return outcome;
    }

    private Outcome collect(Step step, List<Future<Tally>> tallies, long start, AtomicInteger nextIndex)
            throws InterruptedException, ExecutionException {
        long waitUntil = start + step.timeLimit().toNanos() + GRACE.toNanos();
        Histogram latency = Latencies.newHistogram();
        Map<String, Long> failures = new TreeMap<>();
        long failed = 0;
        long end = start;
        for (Future<Tally> future : tallies) {
            Tally tally;
            try {
                tally = future.get(Math.max(1, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stuck) {
                throw new IllegalStateException("step " + step.label() + ": attempts still unanswered "
                        + GRACE.toSeconds() + " s after the time limit");
            }
            latency.add(tally.latency);
            end = Math.max(end, tally.endNanos);
            for (Map.Entry<String, Long> failure : tally.failures.entrySet()) {
                failures.merge(failure.getKey(), failure.getValue(), Long::sum);
                failed += failure.getValue();
            }
        }
        long elapsed = end - start;
        // Every worker took indexes until they ran out or time did: indexes left over mean time ran out.
        boolean stoppedByTime = nextIndex.get() < step.operations();
        return new Outcome(step, latency.getTotalCount(), failed, failures, elapsed, latency, stoppedByTime);
    }

    private static final class Tally {
        final Histogram latency = Latencies.newHistogram();
        final Map<String, Long> failures = new TreeMap<>();
        long endNanos;
    }
}
