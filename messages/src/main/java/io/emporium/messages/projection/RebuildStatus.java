package io.emporium.messages.projection;

import java.time.Instant;
import java.util.List;

/**
 * A rebuild and how far it got. Positions are global event-stream indexes: {@code startHead} is the head when the
 * rebuild started, {@code position} where the rebuild is now ({@code null} before its first batch), {@code head}
 * the newest event now. {@code eventsDone} and {@code eventsTotal} count stream positions from the first event to
 * {@code position} and to {@code head}; {@code eventsPerSecond} is the rate over the last seconds and
 * {@code secondsLeft} the estimate of what remains at that rate ({@code null} while unknown). {@code generation}
 * is the generation of the projections' tables the rebuild fills; {@code deadLetters} how many of its events were
 * parked. {@code detail} says why a rebuild failed or what it is waiting for. {@code maxEventsPerSecond} is the bound
 * on its rate, {@code null} when it has none.
 */
public record RebuildStatus(long rebuildId, List<String> projections, RebuildPhase phase, int generation,
                            Instant startedAt, Instant endedAt, Long startHead, Long position, Long head,
                            long eventsDone, long eventsTotal, Double eventsPerSecond, Long secondsLeft,
                            long deadLetters, String detail, Integer maxEventsPerSecond) {

    public RebuildStatus {
        projections = List.copyOf(projections);
    }
}
