package io.emporium.benchmarks.scenarios;

import io.emporium.benchmarks.BenchmarkContext;
import io.emporium.benchmarks.Findings;
import io.emporium.benchmarks.Scenario;
import io.emporium.benchmarks.Sizes;
import io.emporium.benchmarks.load.Throttled;
import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Latencies;
import io.emporium.benchmarks.report.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scenario 7: the all-approved order load of scenario 2 offered at rising rates, each step followed until its
 * orders reach their final status; reports each step and the highest rate the platform sustained.
 */
public final class SustainableRateScenario implements Scenario {

    /** The aim for the highest sustained rate, in orders per second. */
    static final double AIM_ORDERS_PER_SECOND = 200;

    @Override
    public int number() {
        return 7;
    }

    @Override
    public String id() {
        return "sustainable-rate";
    }

    @Override
    public String title() {
        return "Sustainable rate: the highest offered order rate whose orders complete in time";
    }

    @Override
    public String method() {
        return "Scenario 2's all-approved load (the same open loop and order-view poller) offered at rising rates, "
                + "each for a fixed time, after an unmeasured warm-up at the lowest rate and once no earlier order is "
                + "PENDING. After each step the harness waits, at most the completion wait after its last order was "
                + "sent, for its orders to reach a final status. Per step: orders issued, the share of them final "
                + "within the wait, the share CONFIRMED, and POST to final status p50 and p99. A rate is sustained "
                + "when at least " + RateStep.SUSTAINED_SHARE + "% of its orders reached their final status, as many "
                + "ended CONFIRMED (every order is approved: a saga deadline rejecting a backlog is no sustained rate), "
                + "and p99 was under " + (int) RateStep.SUSTAINED_P99_MILLIS + " ms. The highest sustainable rate is "
                + "the highest stepped rate that was sustained, none (0) when no step was. Stepping up stops after a "
                + "step with fewer than " + (int) RateStep.CLEAR_FAILURE_SHARE + "% of its orders final. The rates "
                + "are steps: the platform may sustain more than the highest sustained one, never less. Ceiling: "
                + "as in scenario 2, the peak one-row append rate and the one-connection append latencies.";
    }

    @Override
    public Requirement requirement() {
        return Requirement.RUNNING_PLATFORM;
    }

    @Override
    public void run(BenchmarkContext context, Findings findings) throws Exception {
        if (!context.inProcess()) {
            findings.note("with --url, the order view is read from the --db-url database: the platform must use it");
        }
        Sizes sizes = context.sizes();
        SagaCompletionScenario.registerProducts(context);
        CommandPathScenario.awaitNoPendingOrders(context, findings);
        int lowest = sizes.sustainableRates().get(0);
        // Unmeasured: with --scenarios 7 alone, the platform's first orders and sagas run cold.
        SagaCompletionScenario.runLoad(context, findings, new SagaCompletionScenario.LoadPlan("warm-up (not measured)",
                lowest, Math.max(1, SagaCompletionScenario.operations(lowest, sizes.sustainableStepDuration()) / 6),
                sizes.sustainableCompletionWait(), index -> SagaCompletionScenario.Kind.APPROVED));

        Optional<Ceiling> ceiling = context.ceiling();
        Optional<Ceiling.Appends> oneRow = ceiling.flatMap(c -> c.oneRowPerTransaction(1));
        List<RateStep> steps = new ArrayList<>();
        for (int rate : sizes.sustainableRates()) {
            String label = "step at " + rate + " orders/s";
            SagaCompletionScenario.Load load = SagaCompletionScenario.runLoad(context, findings,
                    new SagaCompletionScenario.LoadPlan(label, rate,
                            SagaCompletionScenario.operations(rate, sizes.sustainableStepDuration()),
                            sizes.sustainableCompletionWait(), index -> SagaCompletionScenario.Kind.APPROVED));
            SagaCompletionScenario.Measured measured = SagaCompletionScenario.Measured.of(load);
            RateStep step = new RateStep(rate, measured.issued(), measured.complete(), measured.confirmed(),
                    Latencies.millis(measured.toFinal(), 50), Latencies.millis(measured.toFinal(), 99));
            steps.add(step);

            String name = "sustainable rate, " + rate + " orders/s offered";
            findings.add(Figure.platform(name + ", orders issued", "orders", step.issued(), Figure.Better.HIGHER));
            // A step past what the platform sustains may leave every order open: 0 is then what was measured.
            findings.add(Figure.platform(name + ", orders reaching a final status within the wait", "%",
                    step.finalShare(), Figure.Better.HIGHER).zeroMeansNone());
            findings.add(Figure.platform(name + ", orders ending CONFIRMED", "%", step.confirmedShare(),
                    Figure.Better.HIGHER).zeroMeansNone());
            if (measured.complete() > 0) {
                for (Figure figure : Latencies.platform(name + ", POST to final status", measured.toFinal(),
                        oneRow.map(Ceiling.Appends::latencyMicros).orElse(null),
                        oneRow.map(Ceiling.Appends::name).orElse(""), 0)) {
                    if (figure.name().endsWith("latency p50") || figure.name().endsWith("latency p99")) {
                        findings.add(figure);
                    }
                }
            }
            if (measured.throttled() > 0) {
                findings.note(label + ": " + Throttled.note(measured.throttled()));
            }
            findings.note(label + ": " + measured.failed() + " answered with a failure; unexpected final statuses: "
                    + (measured.unexpected().isEmpty() ? "none" : measured.unexpected()));
            findings.note(step.verdict());
            context.progress().say("sustainable rate: %s", step.verdict());
            if (step.failedClearly()) {
                findings.note("stopped stepping up after " + rate + " orders/s: fewer than "
                        + (int) RateStep.CLEAR_FAILURE_SHARE + "% of its orders reached a final status");
                break;
            }
        }

        int highest = RateStep.highestSustained(steps);
        // Kept as a figure even when no step was sustained, so that its target row shows as not met; 0 is then a
        // measured "none", which the harness's check of the figures accepts for this figure alone.
        Figure sustainable = Figure.platform("sustainable rate, highest stepped rate sustained", "orders/s", highest,
                        Figure.Better.HIGHER).zeroMeansNone()
                .withTarget(Target.atLeast(AIM_ORDERS_PER_SECOND, "≥ 200 orders/s (aim)"));
        findings.add(ceiling.flatMap(Ceiling::peakOneRowPerTransaction)
                            .map(raw -> sustainable.comparedTo(new Figure.Reference("peak " + raw.name(),
                                    raw.rowsPerSecond(), "rows/s")))
                            .orElse(sustainable));
        findings.note(highest > 0 ? "highest sustainable rate: " + highest + " orders/s of the steps "
                + sizes.sustainableRates() : "highest sustainable rate: none, no step of " + sizes.sustainableRates()
                + " was sustained");
    }
}
