package io.emporium.messages.saga;

/**
 * Operator command: hand one parked saga event to the saga again. If the saga handles it, its saga's state is stored
 * and the event is no longer parked; if it fails again, it stays parked with the new cause and the command is refused
 * as a conflict. An unknown event is refused as not found.
 */
public record RetryParkedSagaEvent(String eventId) {
}
