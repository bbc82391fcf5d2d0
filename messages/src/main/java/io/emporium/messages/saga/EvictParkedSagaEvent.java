package io.emporium.messages.saga;

/**
 * Operator command: drop one parked saga event without handling it; its saga never sees it. An unknown event is
 * refused as not found.
 */
public record EvictParkedSagaEvent(String eventId) {
}
