package io.emporium.saga.parking;

import io.emporium.messages.saga.ParkedSagaEventView;
import java.lang.reflect.RecordComponent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The parked saga events of one processing group, in table {@code parked_saga_event} (migration V11). Parking
 * writes in a transaction of its own, so that the record survives the rollback of the saga's unit of work; the
 * identifiers of parked events are also held in memory (loaded once, then kept up to date by this instance), since
 * the saga's processor asks about every event it handles.
 *
 * <p>A parked event is read back through the event store's upcasters (decision 0052): one parked at an older revision
 * reaches the saga in the shape its handlers take today, as it would from the event store.
 */
public class ParkedSagaEventStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final String group;
    private final Clock clock;
    private final Set<String> parkedIds = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;

    public ParkedSagaEventStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, Serializer serializer,
                                EventUpcaster upcasters, String group, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.serializer = serializer;
        this.upcasters = upcasters;
        this.group = group;
        this.clock = clock;
    }

    /** Whether the event is parked (as this instance knows it). */
    public boolean isParked(String eventId) {
        if (!loaded) {
            load();
        }
        return parkedIds.contains(eventId);
    }

    private synchronized void load() {
        if (!loaded) {
            parkedIds.addAll(jdbc.queryForList("SELECT event_id FROM parked_saga_event WHERE processing_group = ?",
                                               String.class, group));
            loaded = true;
        }
    }

    /** Records the event as parked, or its new failure if it is parked already; commits at once. */
    public void park(EventMessage<?> event, Throwable cause, int attempts) {
        SerializedObject<byte[]> payload = serializer.serialize(event.getPayload(), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(event.getMetaData(), byte[].class);
        Timestamp now = Timestamp.from(clock.instant());
        ownTransaction.executeWithoutResult(status -> jdbc.update("""
                INSERT INTO parked_saga_event (event_id, processing_group, event_type, order_id, payload_type,
                    payload_revision, payload, meta_data, event_timestamp, cause, first_failure, last_failure, attempts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (event_id) DO UPDATE SET cause = excluded.cause, last_failure = excluded.last_failure,
                    attempts = parked_saga_event.attempts + excluded.attempts
                """, event.getIdentifier(), group, event.getPayloadType().getSimpleName(), orderIdOf(event),
                payload.getType().getName(), payload.getType().getRevision(), payload.getData(), metaData.getData(),
                Timestamp.from(event.getTimestamp()), FailureKinds.describe(cause), now, now, attempts));
        parkedIds.add(event.getIdentifier());
    }

    /** Records one more failure of a parked event (an operator's retry that failed again); commits at once. */
    public void failedAgain(String eventId, Throwable cause) {
        ownTransaction.executeWithoutResult(status -> jdbc.update("""
                UPDATE parked_saga_event SET cause = ?, last_failure = ?, attempts = attempts + 1 WHERE event_id = ?
                """, FailureKinds.describe(cause), Timestamp.from(clock.instant()), eventId));
    }

    /** Drops the record in the caller's transaction; whether there was one. */
    public boolean remove(String eventId) {
        boolean removed = jdbc.update("DELETE FROM parked_saga_event WHERE event_id = ? AND processing_group = ?",
                                      eventId, group) > 0;
        parkedIds.remove(eventId);
        return removed;
    }

    /** The parked event as it was handed to the saga, if it is parked. */
    public Optional<EventMessage<?>> event(String eventId) {
        return jdbc.query("""
                SELECT payload_type, payload_revision, payload, meta_data, event_timestamp FROM parked_saga_event
                WHERE event_id = ? AND processing_group = ?
                """, (RowMapper<EventMessage<?>>) (row, n) -> restore(serializer, upcasters, eventId,
                row.getString("payload_type"), row.getString("payload_revision"), row.getBytes("payload"),
                row.getBytes("meta_data"), row.getTimestamp("event_timestamp").toInstant()), eventId, group)
                   .stream().findFirst();
    }

    /** A parked event as the saga takes it: its stored form through the upcasters, then deserialized. */
    static EventMessage<?> restore(Serializer serializer, EventUpcaster upcasters, String eventId, String payloadType,
                                   String payloadRevision, byte[] payload, byte[] metaData, Instant timestamp) {
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>(null, null, 0, eventId, timestamp,
                                                                               payloadType, payloadRevision, payload,
                                                                               metaData);
        List<IntermediateEventRepresentation> read =
                upcasters.upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();
        if (read.size() != 1) {
            throw new IllegalStateException("parked event " + eventId + " of " + payloadType + " revision "
                    + payloadRevision + " upcasts to " + read.size() + " events; a parked event must stay one");
        }
        IntermediateEventRepresentation event = read.get(0);
        Object upcast = serializer.deserialize(event.getData());
        MetaData upcastMetaData = event.getMetaData().getObject();
        return new GenericEventMessage<>(new GenericMessage<>(eventId, upcast, upcastMetaData), () -> timestamp);
    }

    public List<ParkedSagaEventView> list() {
        return jdbc.query("""
                SELECT event_id, event_type, order_id, cause, first_failure, last_failure, attempts
                FROM parked_saga_event WHERE processing_group = ? ORDER BY first_failure, event_id
                """, (row, n) -> new ParkedSagaEventView(
                row.getString("event_id"), group, row.getString("event_type"), row.getString("order_id"),
                row.getString("cause"), row.getTimestamp("first_failure").toInstant(),
                row.getTimestamp("last_failure").toInstant(), row.getInt("attempts")), group);
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM parked_saga_event WHERE processing_group = ?",
                                         Long.class, group);
        return count == null ? 0 : count;
    }

    private static String orderIdOf(EventMessage<?> event) {
        Object payload = event.getPayload();
        RecordComponent[] components = payload.getClass().getRecordComponents();
        if (components == null) {
            return null;
        }
        for (RecordComponent component : components) {
            if (component.getName().equals("orderId")) {
                try {
                    Object value = component.getAccessor().invoke(payload);
                    return value == null ? null : value.toString();
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
