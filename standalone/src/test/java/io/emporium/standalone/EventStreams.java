package io.emporium.standalone;

import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads what the event store holds, for assertions about what a command appended. */
public record EventStreams(EventStore eventStore, JdbcTemplate jdbc) {

    /** The whole event history of an aggregate; reading from sequence 0 skips any snapshot. */
    public List<DomainEventMessage<?>> of(String aggregateId) {
        return eventStore.readEvents(aggregateId, 0).asStream().<DomainEventMessage<?>>map(message -> message).toList();
    }

    public List<Object> payloadsOf(String aggregateId) {
        return of(aggregateId).stream().map(message -> (Object) message.getPayload()).toList();
    }

    public Object lastPayloadOf(String aggregateId) {
        List<Object> payloads = payloadsOf(aggregateId);
        return payloads.isEmpty() ? null : payloads.get(payloads.size() - 1);
    }

    public long storedEventCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }
}
