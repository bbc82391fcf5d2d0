package io.emporium.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Turns an HdrHistogram of latencies in microseconds into the report's latency figures: p50, p95, p99 and
 * max, in milliseconds.
 */
public final class Latencies {

    /** The percentiles every latency is reported at; 100 is the maximum. */
    public static final double[] PERCENTILES = {50, 95, 99, 100};

    /** Latencies up to ten minutes are recorded at three significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(600_000_000L, 3);
    }

    public static String label(double percentile) {
        return percentile == 100 ? "max" : "p" + (int) percentile;
    }

    /** The latency at {@code percentile} (100 for the maximum), in milliseconds. */
    public static double millis(Histogram micros, double percentile) {
        long value = percentile == 100 ? micros.getMaxValue() : micros.getValueAtPercentile(percentile);
        return value / 1000.0;
    }

    /** Ceiling figures: the latencies of PostgreSQL alone. */
    public static List<Figure> ceiling(String name, Histogram micros) {
        List<Figure> figures = new ArrayList<>();
        for (double percentile : PERCENTILES) {
            figures.add(Figure.ceiling(name + ", latency " + label(percentile), "ms", millis(micros, percentile),
                    Figure.Better.LOWER));
        }
        return figures;
    }

    /**
     * Platform figures, each compared with the ceiling's latency at the same percentile when there is one.
     *
     * @param ceiling       the ceiling's latencies, or null
     * @param ceilingName   what the ceiling's latencies are of
     * @param ceilingOffset milliseconds added to every ceiling latency (work the ceiling did not time per
     *                      operation, such as reading a history); 0 for none
     */
    public static List<Figure> platform(String name, Histogram micros, Histogram ceiling, String ceilingName,
                                        double ceilingOffset) {
        List<Figure> figures = new ArrayList<>();
        for (double percentile : PERCENTILES) {
            Figure figure = Figure.platform(name + ", latency " + label(percentile), "ms",
                    millis(micros, percentile), Figure.Better.LOWER);
            if (ceiling != null && ceiling.getTotalCount() > 0) {
                figure = figure.comparedTo(new Figure.Reference(ceilingName + ", latency " + label(percentile),
                        millis(ceiling, percentile) + ceilingOffset, "ms"));
            }
            figures.add(figure);
        }
        return figures;
    }

    private Latencies() {
    }
}
