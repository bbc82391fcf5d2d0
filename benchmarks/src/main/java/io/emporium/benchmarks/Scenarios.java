package io.emporium.benchmarks;

import io.emporium.benchmarks.scenarios.CeilingScenario;
import io.emporium.benchmarks.scenarios.CommandPathScenario;
import io.emporium.benchmarks.scenarios.HotAggregateScenario;
import java.util.List;

/**
 * Every scenario the harness runs. Scenarios 2 to 4 of issue 7 (saga completion, read-model lag, replay)
 * need the saga coordinator and the query projections; each arrives as one more class in this list.
 */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(new CommandPathScenario(), new HotAggregateScenario(), new CeilingScenario());
    }
}
