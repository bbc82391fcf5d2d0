package io.emporium.messages.projection;

import java.util.List;

/**
 * Operator command: rebuild projections beside their live read models. The named projections (all of them when the
 * list is empty) are rebuilt together, from the first event, into a new generation of their tables, through one
 * read of the event stream; the live generation goes on answering queries and following new events until the new
 * one has caught up and takes over in one step. Answered with the new rebuild's {@link RebuildStatus}; refused as a
 * conflict when one of the projections is being rebuilt already, as not found for an unknown name.
 */
public record StartRebuild(List<String> projections) {

    public StartRebuild {
        projections = projections == null ? List.of() : List.copyOf(projections);
    }
}
