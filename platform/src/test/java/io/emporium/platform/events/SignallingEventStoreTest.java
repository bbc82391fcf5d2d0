package io.emporium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignallingEventStoreTest {

    SignallingEventStore store;

    @BeforeEach
    void setUp() {
        store = new SignallingEventStore(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()));
    }

    @AfterEach
    void tearDown() {
        store.shutDown();
    }

    @Test
    void aStreamAtTheHeadIsCalledBackWhenAnEventIsPublishedAndCanReadItThen() throws Exception {
        try (TrackingEventStream stream = store.openStream(store.createHeadToken())) {
            CountDownLatch called = new CountDownLatch(1);
            AtomicBoolean readableWhenCalled = new AtomicBoolean();
            assertThat(stream.setOnAvailableCallback(() -> {
                readableWhenCalled.set(stream.hasNextAvailable());
                called.countDown();
            })).isTrue();

            store.publish(GenericEventMessage.asEventMessage("first"));

            assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(readableWhenCalled).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
        }
    }

    @Test
    void aClosedStreamIsNoLongerCalledBack() throws Exception {
        AtomicInteger closedCalls = new AtomicInteger();
        TrackingEventStream closed = store.openStream(store.createHeadToken());
        closed.setOnAvailableCallback(closedCalls::incrementAndGet);
        closed.close();
        assertThat(store.waitingStreams()).isZero();

        try (TrackingEventStream open = store.openStream(store.createHeadToken())) {
            CountDownLatch called = new CountDownLatch(1);
            open.setOnAvailableCallback(called::countDown);
            store.publish(GenericEventMessage.asEventMessage("second"));
            assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(closedCalls).hasValue(0);
    }

    @Test
    void aNewCallbackReplacesTheStreamsEarlierOne() {
        try (TrackingEventStream stream = store.openStream(store.createHeadToken())) {
            stream.setOnAvailableCallback(() -> { });
            stream.setOnAvailableCallback(() -> { });
            assertThat(store.waitingStreams()).isEqualTo(1);
        }
    }
}
