package io.emporium.messages.projection;

/** How a retry went: sequences processed successfully, and how many events are still parked in the group. */
public record DeadLetterRetryResult(String group, int sequencesProcessed, long lettersRemaining) {
}
