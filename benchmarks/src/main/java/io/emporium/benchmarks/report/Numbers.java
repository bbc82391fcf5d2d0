package io.emporium.benchmarks.report;

import java.util.Locale;
import java.util.OptionalDouble;

/** How the report writes numbers: enough digits to compare, no more. */
final class Numbers {

    private Numbers() {
    }

    static String value(double value, String unit) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        String number;
        if (magnitude >= 1000) {
            number = String.format(Locale.ROOT, "%,.0f", value);
        } else if (magnitude >= 100) {
            number = String.format(Locale.ROOT, "%.0f", value);
        } else if (magnitude >= 10) {
            number = String.format(Locale.ROOT, "%.1f", value);
        } else {
            number = String.format(Locale.ROOT, "%.2f", value);
        }
        return number + " " + unit;
    }

    static String ratio(OptionalDouble ratio) {
        if (ratio.isEmpty()) {
            return "—";
        }
        double value = ratio.getAsDouble();
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : value >= 0.1 ? "%.2f" : "%.3f", value);
    }
}
