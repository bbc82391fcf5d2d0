package io.emporium.messages.saga;

import java.time.Instant;

/**
 * One parked saga event: its identifier (the handle for retry and eviction), the processing group it failed in, its
 * type, the order it is about ({@code null} if its payload names none), the last failure's cause, when it first and
 * last failed, and how many times its handling was tried.
 */
public record ParkedSagaEventView(String eventId, String group, String eventType, String orderId, String cause,
                                  Instant firstFailure, Instant lastFailure, int attempts) {
}
