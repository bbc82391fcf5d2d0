package io.emporium.messages.projection;

/**
 * Operator command: reset a projection in place and replay it from the start of the event stream. Its tables
 * are cleared and its dead letters dropped, then every event is projected again; the previous view stays
 * readable only as far as the replay has got. An unknown name is refused as not found. To rebuild without a
 * half-built read model in between, see {@link StartRebuild}.
 */
public record ReplayProjection(String name) {
}
