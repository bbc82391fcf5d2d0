package io.emporium.messages.projection;

/**
 * Operator command: stop a rebuild before it takes over. Its new generation is dropped; the live read models were
 * never touched. Refused as not found for an unknown rebuild, as a conflict for one that has ended already.
 */
public record CancelRebuild(long rebuildId) {
}
