package io.emporium.benchmarks.scenarios;

import io.emporium.benchmarks.BenchmarkContext;
import io.emporium.benchmarks.Findings;
import io.emporium.benchmarks.Scenario;
import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Latencies;
import io.emporium.benchmarks.report.Target;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Scenario 3: how long an event takes to show in the order read model, measured under scenario 2's load
 * (it runs no load of its own and reports what scenario 2 observed).
 */
public final class ReadModelLagScenario implements Scenario {

    private final SagaCompletionScenario saga;

    public ReadModelLagScenario(SagaCompletionScenario saga) {
        this.saga = saga;
    }

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String id() {
        return "read-model-lag";
    }

    @Override
    public String title() {
        return "Read-model lag: from an event's timestamp to the order view";
    }

    @Override
    public String method() {
        return "Observed during both loads of scenario 2 (no load of its own). For every order: from its `OrderPlaced` "
                + "event's timestamp (kept by the order view as `order_view.placed_at`, so that the same query serves a "
                + "platform on Axon Server, whose events are not in PostgreSQL) to the first poll of `order_view` that "
                + "shows the order, and from its final status event's timestamp (`order_status_history.changed_at`, the event's "
                + "own) to the first poll that shows that status. An event's timestamp is taken when the event is "
                + "created, just before its transaction commits, so the lag includes the commit, the projection's "
                + "tracking of the store and its own transaction. It is overstated by up to one poll interval ("
                + SagaCompletionScenario.POLL_INTERVAL_MILLIS + " ms) plus one query, and relies on the platform and "
                + "the harness sharing one clock (same machine). Only the order-views projection is measured; the "
                + "processor positions (`GET /api/admin/projections`) are not used. No PostgreSQL counterpart.";
    }

    @Override
    public Requirement requirement() {
        return Requirement.RUNNING_PLATFORM;
    }

    @Override
    public void run(BenchmarkContext context, Findings findings) {
        ReadModelLag lag = saga.lag();
        if (!lag.isComplete()) {
            throw new IllegalStateException("scenario 2 (saga completion) did not run to its end, and its load is what "
                    + "this scenario measures");
        }
        report(findings, "OrderPlaced to the order shown in the order view", lag.placed());
        report(findings, "final status event to the status shown in the order view", lag.finalStatus());
        findings.note(String.format(Locale.ROOT, "%d lag(s) came out negative (clock resolution) and were recorded as 0",
                lag.negative()));
        context.progress().say("read-model lag p99: OrderPlaced %.1f ms, final status %.1f ms",
                Latencies.millis(lag.placed(), 99), Latencies.millis(lag.finalStatus(), 99));
    }

    private static void report(Findings findings, String name, Histogram micros) {
        if (micros.getTotalCount() == 0) {
            throw new IllegalStateException("no lag observed for " + name);
        }
        for (Figure figure : Latencies.platform(name + ", " + micros.getTotalCount() + " orders", micros, null, "", 0)) {
            findings.add(figure.name().endsWith("latency p99")
                    ? figure.withTarget(Target.atMost(200, "p99 < 200 ms at scenario 2's load")) : figure);
        }
    }
}
