package io.emporium.messages.projection;

import java.util.List;

/** Every projection's processor, by name. */
public record ProjectionStatuses(List<ProjectionStatus> projections) {

    public ProjectionStatuses {
        projections = List.copyOf(projections);
    }
}
