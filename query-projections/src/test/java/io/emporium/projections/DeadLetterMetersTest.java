package io.emporium.projections;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterMetersTest {

    private final SequencedDeadLetterQueue<EventMessage<?>> queue = InMemorySequencedDeadLetterQueue.defaultQueue();
    private Configuration axon;

    @AfterEach
    void shutDown() {
        if (axon != null) {
            axon.shutdown();
        }
    }

    @Test
    void eachProjectionsGaugeCountsTheLettersOfItsQueueAndIsNaNWithoutOne() {
        axon = DefaultConfigurer.defaultConfiguration()
                                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                                .eventProcessing(processing -> processing
                                        .registerPooledStreamingEventProcessor("order-views")
                                        .registerDeadLetterQueue("order-views", c -> queue))
                                .buildConfiguration();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new DeadLetterMeters(() -> axon, List.of("order-views", "payment-views")).bindTo(meters);

        queue.enqueue("order-1", new GenericDeadLetter<>("order-1", GenericEventMessage.asEventMessage("placed")));
        queue.enqueue("order-1", new GenericDeadLetter<>("order-1", GenericEventMessage.asEventMessage("paid")));
        queue.enqueue("order-2", new GenericDeadLetter<>("order-2", GenericEventMessage.asEventMessage("placed")));

        assertThat(meters.get(DeadLetterMeters.DEAD_LETTERS).tag("processingGroup", "order-views").gauge().value())
                .isEqualTo(3);
        assertThat(meters.get(DeadLetterMeters.DEAD_LETTERS).tag("processingGroup", "payment-views").gauge().value())
                .isNaN();
    }

    @Test
    void aQueueThatCannotBeReadShowsNaN() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new DeadLetterMeters(() -> {
            throw new IllegalStateException("Axon is not started");
        }, List.of("order-views")).bindTo(meters);

        assertThat(meters.get(DeadLetterMeters.DEAD_LETTERS).gauge().value()).isNaN();
    }
}
