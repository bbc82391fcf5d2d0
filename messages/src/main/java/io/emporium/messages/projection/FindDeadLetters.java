package io.emporium.messages.projection;

/** Every event parked in the projections' dead-letter queues; answered with {@link DeadLetters}. */
public record FindDeadLetters() {
}
