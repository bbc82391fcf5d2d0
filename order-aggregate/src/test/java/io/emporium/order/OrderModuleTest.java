package io.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.order.CancelOrder;
import io.emporium.messages.order.ConfirmOrder;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.PlaceOrder;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The module as an assembly sees it: imported next to Axon's auto-configuration (local buses, an
 * in-memory event store instead of PostgreSQL), it routes the order commands to the aggregate.
 */
@SpringBootTest(classes = OrderModuleTest.Assembly.class, properties = {
        "axon.axonserver.enabled=false",
        "axon.timeout.enabled=false",
        "axon.serializer.general=jackson",
        "axon.serializer.events=jackson",
        "axon.serializer.messages=jackson"})
class OrderModuleTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrderModule.class)
    static class Assembly {

        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }
    }

    @Autowired
    private CommandGateway commands;

    @Autowired
    private EventStore eventStore;

    @Test
    void ordersArePlacedAndConfirmedThroughTheCommandGateway() {
        String orderId = UUID.randomUUID().toString();
        String paymentId = UUID.randomUUID().toString();
        PlaceOrder place = new PlaceOrder(orderId, "customer-1", List.of(new OrderLine("BOOK-1", 1)), "tok");

        commands.sendAndWait(place);
        commands.sendAndWait(place);
        commands.sendAndWait(new ConfirmOrder(orderId, paymentId, null));

        assertThat(eventStore.readEvents(orderId).asStream().<Object>map(EventMessage::getPayload))
                .containsExactly(
                        new OrderPlaced(orderId, "customer-1", List.of(new OrderLine("BOOK-1", 1)), "tok", Identifiers.paymentIdFor(orderId)),
                        new OrderConfirmed(orderId, paymentId, Order.DEFAULT_CONFIRM_REASON));
    }

    @Test
    void aRefusalReachesTheSenderAsCommandRefusedException() {
        String orderId = UUID.randomUUID().toString();
        commands.sendAndWait(new PlaceOrder(orderId, "customer-1", List.of(new OrderLine("BOOK-1", 1)), "tok"));
        commands.sendAndWait(new ConfirmOrder(orderId, null, null));

        assertThatThrownBy(() -> commands.sendAndWait(new CancelOrder(orderId, null)))
                .isInstanceOfSatisfying(CommandRefusedException.class,
                        refused -> assertThat(refused.code()).isEqualTo(OrderTransitions.ILLEGAL_TRANSITION));
    }

    @Test
    void aCommandForAnUnknownOrderFailsAsNotFound() {
        assertThatThrownBy(() -> commands.sendAndWait(new ConfirmOrder(UUID.randomUUID().toString(), null, null)))
                .isInstanceOf(AggregateNotFoundException.class);
    }
}
