package io.emporium.messages.projection;

/** The state of every projection's event processor; answered with {@link ProjectionStatuses}. */
public record FindProjectionStatuses() {
}
