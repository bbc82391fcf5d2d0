package io.emporium.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void aRateIsGivenAsTheShareOfTheCeilingsRate() {
        Figure rate = Figure.platform("place order", "commands/s", 400, Figure.Better.HIGHER)
                            .comparedTo(new Figure.Reference("raw append", 1000, "rows/s"));

        assertThat(rate.ratio()).hasValue(0.4);
    }

    @Test
    void aLatencyIsGivenAsTheCeilingsLatencyOverThePlatformsSoThatHigherIsAlwaysBetter() {
        Figure latency = Figure.platform("place order p99", "ms", 8, Figure.Better.LOWER)
                               .comparedTo(new Figure.Reference("raw append p99", 2, "ms"));

        assertThat(latency.ratio()).hasValue(0.25);
    }

    @Test
    void aCeilingFigureOrAFigureWithoutCounterpartHasNoRatio() {
        assertThat(Figure.ceiling("raw append", "rows/s", 1000, Figure.Better.HIGHER)
                         .comparedTo(new Figure.Reference("raw append", 1000, "rows/s")).ratio()).isEmpty();
        assertThat(Figure.platform("place order", "commands/s", 400, Figure.Better.HIGHER).ratio()).isEmpty();
    }

    @Test
    void aShareTargetIsJudgedOnTheRatioAndOnlyWhenThereIsOne() {
        Target share = Target.ratioAtLeast(0.4, "≥ 40%");
        Figure platform = Figure.platform("place order", "commands/s", 399, Figure.Better.HIGHER).withTarget(share);

        assertThat(platform.met()).isEmpty();
        assertThat(platform.comparedTo(new Figure.Reference("raw", 1000, "rows/s")).met()).contains(false);
        assertThat(platform.comparedTo(new Figure.Reference("raw", 997.5, "rows/s")).met()).contains(true);
    }

    @Test
    void boundTargetsAreJudgedOnTheValue() {
        Figure p99 = Figure.platform("saga p99", "ms", 480, Figure.Better.LOWER);

        assertThat(p99.withTarget(Target.atMost(500, "< 500 ms")).met()).contains(true);
        assertThat(p99.withTarget(Target.atLeast(500, "≥ 500")).met()).contains(false);
        assertThat(p99.met()).isEmpty();
    }

    @Test
    void aZeroIsNoneOnlyWhereTheFigureSaysSoAndKeepsItsTargetNotMet() {
        Figure none = Figure.platform("sustainable rate", "orders/s", 0, Figure.Better.HIGHER).zeroMeansNone()
                            .withTarget(Target.atLeast(200, "≥ 200 orders/s"));

        assertThat(none.isNone()).isTrue();
        assertThat(none.met()).contains(false);
        assertThat(Figure.platform("sustainable rate", "orders/s", 0, Figure.Better.HIGHER).isNone()).isFalse();
        assertThat(Figure.platform("sustainable rate", "orders/s", 100, Figure.Better.HIGHER).zeroMeansNone().isNone())
                .isFalse();
    }
}
