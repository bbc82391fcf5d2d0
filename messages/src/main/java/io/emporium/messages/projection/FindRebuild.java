package io.emporium.messages.projection;

/** One rebuild; answered with its {@link RebuildStatus}, or {@code null} when there is no such rebuild. */
public record FindRebuild(long rebuildId) {
}
