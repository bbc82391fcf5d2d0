package io.emporium.messages.projection;

/**
 * One projection's event processor. Positions are global event-stream indexes over the processor's segments
 * ({@code null} while no segment has a position yet); {@code head} is the newest event's index
 * ({@code null} on an empty store); {@code lag} is {@code head - minPosition}. {@code replayProgressPercent}
 * is how far the slowest replaying segment got towards the position the replay was started at, {@code null}
 * when not replaying. {@code error} is true when the processor stopped on an error.
 */
public record ProjectionStatus(String name, boolean running, boolean error, boolean replaying, int segments,
                               Long minPosition, Long maxPosition, Long head, Long lag,
                               Integer replayProgressPercent) {
}
