package io.emporium.edge.admin;

import io.emporium.edge.apidoc.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/aggregates/{aggregateId}/events[?fromSequence=n]}: the aggregate's stored events in
 * sequence order, or 404 when the store has none for that id.
 * <p>
 * Reads with {@link EventStore#readEvents(String, long)} rather than {@link EventStore#readEvents(String)}:
 * the latter starts at the aggregate's latest snapshot when there is one (inventory items are snapshotted),
 * which would hide the history this endpoint exists to show.
 */
@Tag(name = ApiTags.ADMIN)
@RestController
public class EventHistoryController {

    private final EventStore eventStore;

    public EventHistoryController(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Operation(summary = "Read an aggregate's stored events",
               description = "Every event of the order, product or payment with this id, in sequence: type, timestamp, metadata (correlation id, caller) and payload.")
    @GetMapping(path = "/api/admin/aggregates/{aggregateId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<RecordedEvent> events(@PathVariable @Size(max = 200) String aggregateId,
                                      @RequestParam(defaultValue = "0") @Min(0) long fromSequence) {
        List<RecordedEvent> events = eventStore.readEvents(aggregateId, fromSequence)
                                               .asStream()
                                               .map(RecordedEvent::of)
                                               .toList();
        if (events.isEmpty() && (fromSequence == 0 || !eventStore.readEvents(aggregateId, 0).hasNext())) {
            throw new NoEventsException(aggregateId);
        }
        return events;
    }
}
