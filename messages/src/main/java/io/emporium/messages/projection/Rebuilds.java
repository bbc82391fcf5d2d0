package io.emporium.messages.projection;

import java.util.List;

/** Rebuilds, newest first. */
public record Rebuilds(List<RebuildStatus> rebuilds) {

    public Rebuilds {
        rebuilds = List.copyOf(rebuilds);
    }
}
