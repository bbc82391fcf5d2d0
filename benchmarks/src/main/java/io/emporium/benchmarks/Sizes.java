package io.emporium.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much work each scenario does. Every loop of the harness is bounded twice: by a count and by a time
 * limit, whichever comes first.
 *
 * @param name                     full, quick or smoke
 * @param concurrencyLevels        clients (scenario 1) and connections (scenario 6) per step
 * @param warmupRequests           place-order requests sent before the first measured step, not measured
 * @param requestsPerLevel         place-order requests per concurrency level
 * @param timeLimitPerStep         the longest any one measured step may run
 * @param ceilingRowsPerLevel      raw one-row-per-transaction appends per concurrency level
 * @param ceilingBatchedRows       raw appends in batches
 * @param batchSize                rows per transaction of the batched raw appends, and events per
 *                                 transaction when the hot aggregate's history is written
 * @param hotHistoryEvents         events in the hot SKU's history before it is measured
 * @param hotCommandsWithSnapshots commands measured on the hot SKU with snapshots
 * @param hotCommandsWithoutSnapshots commands measured on the hot SKU without snapshots
 * @param progressInterval         how often a running step prints its progress
 * @param sagaOrdersPerSecond      offered load of scenario 2's open loop
 * @param sagaLoadDuration         how long scenario 2 offers each of its loads
 * @param sagaWarmupRounds         the most unmeasured warm-up rounds (a third of a load each) scenario 2 offers
 *                                 before its loads: in the harness's own JVM it stops at the first round in which
 *                                 the JIT compilation time grew by less than a quarter of the round's time, against a running
 *                                 platform ({@code --url}) it offers all of them
 * @param sagaCompletionWait       how long, after the last order was sent, orders may take to reach a final status
 * @param replayEvents             events written before scenario 4's replay
 * @param sustainableRates         offered loads (orders/s) scenario 7 steps through, lowest first
 * @param sustainableStepDuration  how long scenario 7 offers each of its rates
 * @param sustainableCompletionWait how long, after a step's last order was sent, its orders may take to reach a
 *                                 final status
 */
public record Sizes(String name,
                    List<Integer> concurrencyLevels,
                    int warmupRequests,
                    int requestsPerLevel,
                    Duration timeLimitPerStep,
                    int ceilingRowsPerLevel,
                    int ceilingBatchedRows,
                    int batchSize,
                    int hotHistoryEvents,
                    int hotCommandsWithSnapshots,
                    int hotCommandsWithoutSnapshots,
                    Duration progressInterval,
                    int sagaOrdersPerSecond,
                    Duration sagaLoadDuration,
                    int sagaWarmupRounds,
                    Duration sagaCompletionWait,
                    int replayEvents,
                    List<Integer> sustainableRates,
                    Duration sustainableStepDuration,
                    Duration sustainableCompletionWait) {

    public Sizes {
        concurrencyLevels = List.copyOf(concurrencyLevels);
        sustainableRates = List.copyOf(sustainableRates);
        if (sustainableRates.isEmpty() || sustainableRates.stream().anyMatch(rate -> rate < 1)
                || !sustainableRates.equals(sustainableRates.stream().sorted().toList())
                || sustainableStepDuration.toMillis() < 1000) {
            throw new IllegalArgumentException("sustainable-rate steps must be positive rates, lowest first, of at "
                    + "least a second each: " + name);
        }
        if (concurrencyLevels.isEmpty() || concurrencyLevels.stream().anyMatch(level -> level < 1)) {
            throw new IllegalArgumentException("concurrency levels must be positive: " + concurrencyLevels);
        }
        if (batchSize < 1 || ceilingBatchedRows < batchSize || hotHistoryEvents < 2 || sagaOrdersPerSecond < 1
                || sagaLoadDuration.toMillis() < 1000 || sagaWarmupRounds < 1 || replayEvents < 1_000) {
            throw new IllegalArgumentException("sizes too small to measure anything: " + name);
        }
    }

    /** The run whose results are committed under docs/benchmarks/: takes several minutes on a quiet machine. */
    public static Sizes full() {
        return new Sizes("full", List.of(1, 4, 16, 64), 2_000, 10_000, Duration.ofSeconds(90),
                10_000, 1_000_000, 100, 100_000, 1_000, 50, Duration.ofSeconds(5),
                100, Duration.ofSeconds(30), 30, Duration.ofSeconds(180), 1_000_000,
                List.of(50, 100, 200, 400), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    /** The same steps with fewer requests: a first look in a few minutes, not for committing. */
    public static Sizes quick() {
        return new Sizes("quick", List.of(1, 4, 16, 64), 300, 1_000, Duration.ofSeconds(30),
                1_000, 100_000, 100, 100_000, 200, 10, Duration.ofSeconds(5),
                100, Duration.ofSeconds(10), 8, Duration.ofSeconds(30), 100_000,
                List.of(50, 100, 200), Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    /** Tiny sizes for the test suite: proves the harness works end to end in seconds, measures nothing. */
    public static Sizes smoke() {
        return new Sizes("smoke", List.of(1, 2), 10, 30, Duration.ofSeconds(20),
                30, 1_000, 100, 300, 15, 5, Duration.ofSeconds(2),
                10, Duration.ofSeconds(2), 1, Duration.ofSeconds(20), 3_000,
                List.of(5, 10), Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    public int maxConcurrency() {
        return concurrencyLevels.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** The sizes as the report shows them. */
    public Map<String, Object> describe() {
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("concurrency levels", concurrencyLevels);
        sizes.put("warm-up place-order requests", warmupRequests);
        sizes.put("place-order requests per level", requestsPerLevel);
        sizes.put("time limit per step (s)", timeLimitPerStep.toSeconds());
        sizes.put("raw one-row appends per level", ceilingRowsPerLevel);
        sizes.put("raw batched appends", ceilingBatchedRows);
        sizes.put("rows or events per batch", batchSize);
        sizes.put("hot SKU history (events)", hotHistoryEvents);
        sizes.put("hot SKU commands with snapshots", hotCommandsWithSnapshots);
        sizes.put("hot SKU commands without snapshots", hotCommandsWithoutSnapshots);
        sizes.put("saga offered load (orders/s)", sagaOrdersPerSecond);
        sizes.put("saga load duration per run (s)", sagaLoadDuration.toSeconds());
        sizes.put("saga warm-up rounds, at most", sagaWarmupRounds);
        sizes.put("saga completion wait after the last order (s)", sagaCompletionWait.toSeconds());
        sizes.put("events written before the replay", replayEvents);
        sizes.put("sustainable-rate steps (orders/s)", sustainableRates);
        sizes.put("sustainable-rate step duration (s)", sustainableStepDuration.toSeconds());
        sizes.put("sustainable-rate completion wait per step (s)", sustainableCompletionWait.toSeconds());
        return sizes;
    }
}
