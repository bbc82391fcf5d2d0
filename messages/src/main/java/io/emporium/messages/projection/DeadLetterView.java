package io.emporium.messages.projection;

import java.time.Instant;

/**
 * One parked event: the processing group it failed in, its sequence (for the projections: the order id, the
 * SKU or the payment's order id), the event type, why it was parked ({@code cause} is {@code null} for an
 * event parked only because an earlier one of its sequence was) and when.
 */
public record DeadLetterView(String group, String sequenceId, String eventType, String cause, Instant enqueuedAt) {
}
