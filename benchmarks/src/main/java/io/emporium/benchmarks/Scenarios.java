package io.emporium.benchmarks;

import io.emporium.benchmarks.scenarios.CeilingScenario;
import io.emporium.benchmarks.scenarios.CommandPathScenario;
import io.emporium.benchmarks.scenarios.HotAggregateScenario;
import io.emporium.benchmarks.scenarios.ReadModelLagScenario;
import io.emporium.benchmarks.scenarios.ReplayScenario;
import io.emporium.benchmarks.scenarios.SagaCompletionScenario;
import io.emporium.benchmarks.scenarios.SustainableRateScenario;
import java.util.List;

/**
 * Every scenario the harness runs, in the order it runs those of the same requirement (the report lists them
 * in issue order). Scenario 2 (saga completion) runs before scenario 1: every order scenario 1 places starts a
 * saga, and the backlog of those sagas would otherwise be part of scenario 2's latencies. Scenario 3 (read-model
 * lag) reports what it observed during scenario 2's load, so it comes right after it. Scenario 7 (sustainable
 * rate) comes after both, so that its overloaded steps are no part of scenario 2's or 3's measures, and before
 * scenario 1, which waits for its backlog to finish.
 */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        SagaCompletionScenario saga = new SagaCompletionScenario();
        return List.of(saga, new ReadModelLagScenario(saga), new SustainableRateScenario(),
                new CommandPathScenario(), new ReplayScenario(),
                new HotAggregateScenario(), new CeilingScenario());
    }
}
