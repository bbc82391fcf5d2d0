package io.emporium.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.messages.common.Identifiers;
import io.emporium.messages.inventory.ReserveStock;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.saga.parking.ParkedSagaEventStore;
import io.emporium.saga.parking.ParkingErrorHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The module as Spring and Axon wire it, on an in-memory event store: the imported saga is registered (no
 * scanning), runs on its own pooled streaming processor whose handler failures go to the parking error handler
 * (decision 0044), and that processor
 * starts at the head of the stream, so orders placed before it first ran start no saga.
 */
@SpringBootTest(classes = SagaModuleTest.TestApplication.class, properties = {
        "axon.axonserver.enabled=false",
        "axon.timeout.enabled=false",
        "emporium.saga.retry.initial-interval=5ms",
        "emporium.saga.processor.threads=3",
        "emporium.saga.processor.segments=6"})
class SagaModuleTest {

    static final String OLD_ORDER = "00000000-0000-4000-8000-000000000001";
    static final String NEW_ORDER = "00000000-0000-4000-8000-000000000002";

    /** Stands in for the inventory: records the reservations the saga asks for. */
    static class RecordingInventory {

        final List<ReserveStock> reservations = new CopyOnWriteArrayList<>();

        @CommandHandler
        void handle(ReserveStock command) {
            reservations.add(command);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SagaModule.class)
    static class TestApplication {

        @Bean
        EventStorageEngine eventStorageEngine() {
            InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
            engine.appendEvents(List.of(new GenericDomainEventMessage<>("Order", OLD_ORDER, 0, placed(OLD_ORDER))));
            return engine;
        }

        /** The standalone assembly gets its DbSchedulerDeadlineManager from db-scheduler; here there is no database. */
        @Bean
        DeadlineManager deadlineManager(org.axonframework.config.Configuration configuration) {
            return SimpleDeadlineManager.builder()
                                        .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                                        .build();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        RecordingInventory recordingInventory() {
            return new RecordingInventory();
        }
    }

    static OrderPlaced placed(String orderId) {
        return new OrderPlaced(orderId, "customer-1", List.of(new OrderLine("DESK-OAK", 1)), "pm_approve", Identifiers.paymentIdFor(orderId));
    }

    /** The parked events' table is PostgreSQL's; here nothing is parked (the standalone tests park on the real one). */
    @MockitoBean
    ParkedSagaEventStore parkedSagaEvents;
    @Autowired
    EventProcessingConfiguration eventProcessing;
    @Autowired
    EventStore eventStore;
    @Autowired
    RecordingInventory inventory;
    @Autowired
    SagaProperties properties;
    @Autowired
    ScheduledExecutorService orderFulfilmentWorkers;

    @Test
    void theImportedSagaRunsOnItsOwnPooledStreamingProcessorAndItsFailuresGoToTheParkingErrorHandler() {
        assertThat(eventProcessing.sagaProcessingGroup(OrderFulfilmentSaga.class))
                .isEqualTo(OrderFulfilmentSaga.PROCESSING_GROUP);
        assertThat(eventProcessing.eventProcessor(OrderFulfilmentSaga.PROCESSING_GROUP))
                .get().isInstanceOf(PooledStreamingEventProcessor.class);
        assertThat(eventProcessing.listenerInvocationErrorHandler(OrderFulfilmentSaga.PROCESSING_GROUP))
                .isInstanceOf(ParkingErrorHandler.class);
    }

    @Test
    void theProcessorRunsOnTheConfiguredWorkerThreadsAndSplitsTheStreamIntoTheConfiguredSegments() {
        PooledStreamingEventProcessor processor = eventProcessing
                .eventProcessor(OrderFulfilmentSaga.PROCESSING_GROUP, PooledStreamingEventProcessor.class)
                .orElseThrow();
        assertThat(((ThreadPoolExecutor) orderFulfilmentWorkers).getCorePoolSize()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10))
               .untilAsserted(() -> assertThat(processor.processingStatus()).hasSize(6));
    }

    @Test
    void processorBatchesDefaultToSixteenEvents() {
        assertThat(properties.processor().batchSize()).isEqualTo(16);
    }

    @Test
    void settingsDefaultToAThirtySecondPaymentDeadlineAndADayForLateAnswers() {
        assertThat(properties.paymentTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.lateAnswerWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(properties.retry().maxAttempts()).isEqualTo(5);
        assertThat(properties.retry().initialInterval()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void startsASagaForANewOrderButNotForOnePlacedBeforeTheProcessorFirstRan() {
        eventStore.publish(new GenericDomainEventMessage<>("Order", NEW_ORDER, 0, placed(NEW_ORDER)));

        await().atMost(Duration.ofSeconds(10))
               .untilAsserted(() -> assertThat(inventory.reservations)
                       .contains(new ReserveStock("DESK-OAK", NEW_ORDER, 1)));
        // The old placement comes first in the stream: from its tail, it would have been reserved first.
        assertThat(inventory.reservations).extracting(ReserveStock::orderId).doesNotContain(OLD_ORDER);
    }
}
