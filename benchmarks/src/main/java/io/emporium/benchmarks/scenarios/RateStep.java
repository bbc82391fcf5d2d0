package io.emporium.benchmarks.scenarios;

import java.util.List;
import java.util.Locale;

/**
 * One step of the sustainable-rate scenario: what became of the orders offered at one rate, and whether the
 * platform sustained that rate. A rate is sustained when at least {@value #SUSTAINED_SHARE}% of the orders issued
 * reached their final status within the wait, that status was CONFIRMED for as many (every order is approved, so
 * a saga deadline rejecting a backlog is no sustained rate), and POST to final status took under
 * {@value #SUSTAINED_P99_MILLIS} ms at p99.
 *
 * @param ratePerSecond the offered rate
 * @param issued        orders issued
 * @param complete      orders whose final status showed within the wait
 * @param confirmed     of those, the ones that ended CONFIRMED
 * @param p50Millis     POST to final status, p50, of the complete orders
 * @param p99Millis     POST to final status, p99, of the complete orders
 */
record RateStep(int ratePerSecond, int issued, long complete, long confirmed, double p50Millis, double p99Millis) {

    static final double SUSTAINED_SHARE = 99.9;
    static final double SUSTAINED_P99_MILLIS = 500;
    /** Below this share of final orders a step failed clearly, and no higher rate is offered. */
    static final double CLEAR_FAILURE_SHARE = 50;

    double finalShare() {
        return issued == 0 ? 0 : 100.0 * complete / issued;
    }

    double confirmedShare() {
        return issued == 0 ? 0 : 100.0 * confirmed / issued;
    }

    boolean sustained() {
        return complete > 0 && finalShare() >= SUSTAINED_SHARE && confirmedShare() >= SUSTAINED_SHARE
                && p99Millis < SUSTAINED_P99_MILLIS;
    }

    /** Whether the step failed so clearly that a higher rate can only fail too. */
    boolean failedClearly() {
        return finalShare() < CLEAR_FAILURE_SHARE;
    }

    /** The step's verdict, with the reasons when it was not sustained, for the notes. */
    String verdict() {
        if (sustained()) {
            return String.format(Locale.ROOT, "%d orders/s sustained: %.2f%% final, %.2f%% CONFIRMED, p99 %.1f ms",
                    ratePerSecond, finalShare(), confirmedShare(), p99Millis);
        }
        StringBuilder why = new StringBuilder();
        if (finalShare() < SUSTAINED_SHARE) {
            why.append(String.format(Locale.ROOT, "%.2f%% final (< %.1f%%)", finalShare(), SUSTAINED_SHARE));
        }
        if (confirmedShare() < SUSTAINED_SHARE) {
            why.append(why.isEmpty() ? "" : ", ")
               .append(String.format(Locale.ROOT, "%.2f%% CONFIRMED (< %.1f%%)", confirmedShare(), SUSTAINED_SHARE));
        }
        if (complete == 0) {
            why.append(why.isEmpty() ? "" : ", ").append("no latency: no order reached its final status");
        } else if (p99Millis >= SUSTAINED_P99_MILLIS) {
            why.append(why.isEmpty() ? "" : ", ")
               .append(String.format(Locale.ROOT, "p99 %.1f ms (≥ %.0f ms)", p99Millis, SUSTAINED_P99_MILLIS));
        }
        return ratePerSecond + " orders/s not sustained: " + why;
    }

    /** The highest rate among the sustained steps; 0 when none was sustained. */
    static int highestSustained(List<RateStep> steps) {
        return steps.stream().filter(RateStep::sustained).mapToInt(RateStep::ratePerSecond).max().orElse(0);
    }
}
