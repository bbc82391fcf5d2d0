package io.emporium.payment;

import io.emporium.messages.common.Money;
import io.emporium.messages.payment.AuthorizePayment;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.payment.provider.PaymentProvider;
import io.emporium.payment.provider.PaymentProviderGateway;
import io.emporium.payment.provider.SimulatedPaymentProvider;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
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
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The module wired by Spring and Axon, on an in-memory event store. */
@SpringBootTest(classes = PaymentModuleTest.TestApplication.class, properties = {
        "axon.axonserver.enabled=false",
        "axon.timeout.enabled=false",
        "emporium.payment.provider=simulated",
        "emporium.payment.retry.max-attempts=3",
        "emporium.payment.retry.initial-interval=10ms"})
@ActiveProfiles("test")
class PaymentModuleTest {

    /** A payment requested before the application started, so before its provider processor existed. */
    private static final String OLD_PAYMENT_ID = "11111111-1111-3111-8111-111111111111";
    private static final String NEW_PAYMENT_ID = "22222222-2222-3222-8222-222222222222";
    private static final Money AMOUNT = Money.of(1_200, "EUR");

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(PaymentModule.class)
    static class TestApplication {

        @Bean
        EventStorageEngine eventStorageEngine() {
            InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
            engine.appendEvents(List.of(new GenericDomainEventMessage<>("Payment", OLD_PAYMENT_ID, 0,
                    new PaymentAuthorizationRequested(OLD_PAYMENT_ID, "o-old", AMOUNT, SimulatedPaymentProvider.APPROVE))));
            return engine;
        }
    }

    @Autowired
    private CommandGateway commandGateway;
    @Autowired
    private EventStore eventStore;
    @Autowired
    private EventProcessingConfiguration eventProcessing;
    @Autowired
    private PaymentProvider paymentProvider;
    @Autowired
    private PaymentProperties properties;

    @Test
    void usesTheSimulatedProviderAndTheConfiguredSettings() {
        assertThat(paymentProvider).isInstanceOf(SimulatedPaymentProvider.class);
        assertThat(properties.retry().maxAttempts()).isEqualTo(3);
        assertThat(properties.retry().initialInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(properties.providerLateAnswerDelay()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void runsTheProviderGatewayOnAPooledStreamingProcessor() {
        assertThat(eventProcessing.eventProcessor(PaymentProviderGateway.PROCESSING_GROUP))
                .get().isInstanceOf(PooledStreamingEventProcessor.class);
    }

    @Test
    void authorizesANewPaymentThroughTheProviderButNotOneRequestedBeforeTheProcessorExisted()
            throws InterruptedException {
        commandGateway.sendAndWait(new AuthorizePayment(NEW_PAYMENT_ID, "o-new", AMOUNT,
                SimulatedPaymentProvider.APPROVE));

        assertThat(awaitPayloads(NEW_PAYMENT_ID, 2)).containsExactly(
                new PaymentAuthorizationRequested(NEW_PAYMENT_ID, "o-new", AMOUNT, SimulatedPaymentProvider.APPROVE),
                new PaymentAuthorized(NEW_PAYMENT_ID, "o-new", AMOUNT, "sim-" + NEW_PAYMENT_ID));
        // The old request comes first in the stream: had the processor started at its tail, the old payment
        // would have been authorized before the new one.
        assertThat(payloads(OLD_PAYMENT_ID)).hasSize(1);
    }

    private List<Object> awaitPayloads(String paymentId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Object> payloads = payloads(paymentId);
        while (payloads.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            payloads = payloads(paymentId);
        }
        return payloads;
    }

    private List<Object> payloads(String paymentId) {
        return eventStore.readEvents(paymentId).asStream().map(EventMessage::getPayload).map(Object.class::cast)
                .toList();
    }
}
