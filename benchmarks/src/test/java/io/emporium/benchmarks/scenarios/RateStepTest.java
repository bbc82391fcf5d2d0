package io.emporium.benchmarks.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RateStepTest {

    @Test
    void aRateIsSustainedWhenNearlyEveryOrderIsConfirmedInTimeAndP99IsUnder500Ms() {
        RateStep step = new RateStep(200, 10_000, 9_995, 9_995, 40, 499);

        assertThat(step.sustained()).isTrue();
        assertThat(step.verdict()).startsWith("200 orders/s sustained");
    }

    @Test
    void aSlowP99OrTooFewFinalOrdersIsNotSustained() {
        assertThat(new RateStep(200, 10_000, 10_000, 10_000, 40, 500).sustained()).isFalse();
        assertThat(new RateStep(200, 10_000, 9_989, 9_989, 40, 100).sustained()).isFalse();
        assertThat(new RateStep(200, 10_000, 9_989, 9_989, 40, 100).verdict()).contains("99.89% final");
    }

    @Test
    void ordersADeadlineRejectedAreFinalButNeverMakeARateSustained() {
        RateStep rejectedBacklog = new RateStep(400, 10_000, 10_000, 9_000, 40, 300);

        assertThat(rejectedBacklog.finalShare()).isEqualTo(100.0);
        assertThat(rejectedBacklog.sustained()).isFalse();
        assertThat(rejectedBacklog.verdict()).contains("90.00% CONFIRMED");
    }

    @Test
    void aStepWithLessThanHalfItsOrdersFinalFailedClearly() {
        assertThat(new RateStep(400, 1_000, 499, 499, 0, 0).failedClearly()).isTrue();
        assertThat(new RateStep(400, 1_000, 500, 500, 0, 0).failedClearly()).isFalse();
        assertThat(new RateStep(400, 1_000, 0, 0, 0, 0).verdict()).contains("no order reached its final status");
    }

    @Test
    void theHighestSustainableRateIsTheHighestSustainedStepOrNoneAtAll() {
        RateStep at50 = new RateStep(50, 1_000, 1_000, 1_000, 20, 60);
        RateStep at100 = new RateStep(100, 2_000, 2_000, 2_000, 30, 90);
        RateStep at200 = new RateStep(200, 4_000, 3_000, 3_000, 900, 4_000);

        assertThat(RateStep.highestSustained(List.of(at50, at100, at200))).isEqualTo(100);
        assertThat(RateStep.highestSustained(List.of(at200))).isZero();
        assertThat(RateStep.highestSustained(List.of())).isZero();
    }
}
