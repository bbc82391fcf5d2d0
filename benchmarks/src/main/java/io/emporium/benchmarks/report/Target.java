package io.emporium.benchmarks.report;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A target of issue 7 for one figure.
 *
 * @param text      the target as the report states it
 * @param kind      what is compared with the threshold
 * @param threshold the bound
 */
public record Target(String text, Kind kind, double threshold) {

    public enum Kind {
        /** The figure's ratio to the ceiling is at least the threshold. */
        RATIO_AT_LEAST,
        /** The figure itself is at least the threshold. */
        AT_LEAST,
        /** The figure itself is at most the threshold. */
        AT_MOST
    }

    public static Target ratioAtLeast(double share, String text) {
        return new Target(text, Kind.RATIO_AT_LEAST, share);
    }

    public static Target atLeast(double bound, String text) {
        return new Target(text, Kind.AT_LEAST, bound);
    }

    public static Target atMost(double bound, String text) {
        return new Target(text, Kind.AT_MOST, bound);
    }

    Optional<Boolean> isMetBy(Figure figure) {
        return switch (kind) {
            case RATIO_AT_LEAST -> {
                OptionalDouble ratio = figure.ratio();
                yield ratio.isPresent() ? Optional.of(ratio.getAsDouble() >= threshold) : Optional.empty();
            }
            case AT_LEAST -> Optional.of(figure.value() >= threshold);
            case AT_MOST -> Optional.of(figure.value() <= threshold);
        };
    }
}
