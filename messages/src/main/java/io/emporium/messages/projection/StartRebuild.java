package io.emporium.messages.projection;

import java.util.List;

/**
 * Operator command: rebuild projections beside their live read models. The named projections (all of them when the
 * list is empty) are rebuilt together, from the first event, into a new generation of their tables, through one
 * read of the event stream; the live generation goes on answering queries and following new events until the new
 * one has caught up and takes over in one step. {@code maxEventsPerSecond} bounds the rebuild's rate (0 for no bound;
 * {@code null} for the platform's setting), so that the live path keeps the CPU and database it needs. Answered with
 * the new rebuild's {@link RebuildStatus}; refused as a conflict when one of the projections is being rebuilt already,
 * as not found for an unknown name.
 */
public record StartRebuild(List<String> projections, Integer maxEventsPerSecond) {

    public StartRebuild {
        projections = projections == null ? List.of() : List.copyOf(projections);
        if (maxEventsPerSecond != null && maxEventsPerSecond < 0) {
            throw new IllegalArgumentException("maxEventsPerSecond must be 0 (no bound) or more, was "
                    + maxEventsPerSecond);
        }
    }

    /** A rebuild at the platform's configured rate. */
    public StartRebuild(List<String> projections) {
        this(projections, null);
    }
}
