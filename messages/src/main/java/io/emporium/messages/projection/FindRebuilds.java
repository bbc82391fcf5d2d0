package io.emporium.messages.projection;

/** The rebuilds, newest first (at most {@code limit}); answered with {@link Rebuilds}. */
public record FindRebuilds(int limit) {
}
