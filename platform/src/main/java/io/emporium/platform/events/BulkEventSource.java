package io.emporium.platform.events;

import java.time.Duration;
import java.time.Instant;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event stream that rebuilds of the read models read (decision 0049), in standalone mode: Axon's embedded store,
 * only ever read, over a JDBC storage engine that fetches {@code emporium.events.bulk-fetch-size} events per query.
 * Every stream it opens reads the storage itself (no shared producer thread), which suits one reader going through
 * the whole store in order. It is a message source, not an {@code EventStore}, so that Axon's configuration keeps
 * exactly one event store; it appends nothing. With Axon Server there is no such bean and rebuilds read Axon Server's
 * stream, whose flow control already sends events in bulk.
 */
public final class BulkEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    /** The bean's name, which the read models' module asks for. */
    public static final String BEAN_NAME = "rebuildEventSource";

    private final EmbeddedEventStore store;

    public BulkEventSource(EventStorageEngine storageEngine) {
        this.store = EmbeddedEventStore.builder()
                                       .storageEngine(storageEngine)
                                       .optimizeEventConsumption(false)
                                       .build();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return store.openStream(trackingToken);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    @Override
    public void close() {
        store.shutDown();
    }
}
