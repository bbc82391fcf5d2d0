package io.emporium.architecture.broken.messages;

/** Breaks "every event type carries @Revision": a handler takes it, and it has none. */
public record UnrevisedEvent(String id) {
}
