package io.emporium.benchmarks.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured.
 *
 * @param started    when the run started (UTC)
 * @param seconds    how long it took
 * @param mode       full, quick or smoke
 * @param platform   how the platform ran
 * @param sizes      the sizes of every step
 * @param machine    the machine
 * @param loadAverageAtEnd the one-minute load average when the run ended
 * @param scenarios  each scenario's result, in issue 7's order
 */
public record Report(Instant started, double seconds, String mode, String platform, Map<String, Object> sizes,
                     MachineFacts machine, double loadAverageAtEnd, List<ScenarioResult> scenarios) {

    public Report {
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        scenarios = List.copyOf(scenarios);
    }

    /** Whether a scenario failed; one that could not run here (with --url) is not a failure. */
    public boolean anyFailed() {
        return scenarios.stream().anyMatch(result -> result.status() == ScenarioResult.Status.FAILED);
    }
}
