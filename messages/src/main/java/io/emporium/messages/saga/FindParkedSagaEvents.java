package io.emporium.messages.saga;

/** Every saga event parked because its handling kept failing; answered with {@link ParkedSagaEvents}. */
public record FindParkedSagaEvents() {
}
