package io.emporium.benchmarks.report;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One measured number of a scenario.
 *
 * @param name    what was measured, as the report shows it
 * @param unit    its unit ("commands/s", "ms", "rows/s", "events")
 * @param value   the measurement
 * @param role    whether it is a figure of the platform or of PostgreSQL alone (the ceiling)
 * @param better  which way is better, which decides how the ratio is taken
 * @param ceiling what PostgreSQL alone did for the same work in the same run, if there is a counterpart
 * @param target  the target issue 7 sets for this figure, if any
 * @param noneWhenZero whether 0 is a measured outcome meaning "none" (no stepped rate was sustained, no order
 *                reached its final status), which the report shows as such, rather than a sign that nothing was
 *                measured
 */
public record Figure(String name, String unit, double value, Role role, Better better, Reference ceiling,
                     Target target, boolean noneWhenZero) {

    public enum Role { PLATFORM, CEILING }

    public enum Better { HIGHER, LOWER }

    /** The ceiling's figure a platform figure is compared with, in its own unit ("rows/s" beside "commands/s"). */
    public record Reference(String name, double value, String unit) {
    }

    public Figure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(better, "better");
    }

    public static Figure platform(String name, String unit, double value, Better better) {
        return new Figure(name, unit, value, Role.PLATFORM, better, null, null, false);
    }

    public static Figure ceiling(String name, String unit, double value, Better better) {
        return new Figure(name, unit, value, Role.CEILING, better, null, null, false);
    }

    public Figure comparedTo(Reference reference) {
        return new Figure(name, unit, value, role, better, reference, target, noneWhenZero);
    }

    public Figure withTarget(Target newTarget) {
        return new Figure(name, unit, value, role, better, ceiling, newTarget, noneWhenZero);
    }

    /** The same figure, whose value 0 is a measured "none" (see {@code noneWhenZero}). */
    public Figure zeroMeansNone() {
        return new Figure(name, unit, value, role, better, ceiling, target, true);
    }

    /** Whether the value is a measured "none": 0 where {@link #zeroMeansNone()} allows it. */
    public boolean isNone() {
        return noneWhenZero && value == 0;
    }

    /**
     * The share of PostgreSQL alone's performance the platform reaches, read the same way for every
     * figure: 1.0 means as fast as PostgreSQL alone, 0.25 a quarter as fast. For a rate it is platform over
     * ceiling; for a latency, ceiling over platform.
     */
    public OptionalDouble ratio() {
        if (role == Role.CEILING || ceiling == null || !(value > 0) || !(ceiling.value() > 0)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(better == Better.HIGHER ? value / ceiling.value() : ceiling.value() / value);
    }

    /** Whether the target is met; empty when there is no target or nothing to judge it by. */
    public Optional<Boolean> met() {
        return target == null ? Optional.empty() : target.isMetBy(this);
    }
}
