package io.emporium.messages.saga;

import java.util.List;

/** Parked saga events, the longest parked first. */
public record ParkedSagaEvents(List<ParkedSagaEventView> events) {

    public ParkedSagaEvents {
        events = List.copyOf(events);
    }
}
