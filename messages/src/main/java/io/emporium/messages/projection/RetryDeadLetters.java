package io.emporium.messages.projection;

/**
 * Operator command: process the parked sequences of a processing group again, one sequence after the other,
 * until none is left or one fails again (it stays parked). Answered with a {@link DeadLetterRetryResult}.
 */
public record RetryDeadLetters(String group) {
}
