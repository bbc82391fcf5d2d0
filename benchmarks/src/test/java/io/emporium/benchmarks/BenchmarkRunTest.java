package io.emporium.benchmarks;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkRunTest {

    @Test
    void aZeroFigureMeansNothingWasMeasuredAndFailsTheScenario() {
        assertThatThrownBy(() -> BenchmarkRun.checkFigures(List.of(
                Figure.platform("saga p99", "ms", 0, Figure.Better.LOWER))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing was measured");
    }

    @Test
    void noSustainedRateIsAResultNotAFailure() {
        Figure none = Figure.platform("sustainable rate, highest stepped rate sustained", "orders/s", 0,
                Figure.Better.HIGHER).zeroMeansNone().withTarget(Target.atLeast(200, "≥ 200 orders/s (aim)"));

        assertThatCode(() -> BenchmarkRun.checkFigures(List.of(none))).doesNotThrowAnyException();
        assertThatThrownBy(() -> BenchmarkRun.checkFigures(List.of(Figure.platform("rate", "orders/s", -1,
                Figure.Better.HIGHER).zeroMeansNone()))).isInstanceOf(IllegalStateException.class);
    }
}
