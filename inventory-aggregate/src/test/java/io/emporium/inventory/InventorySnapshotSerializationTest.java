package io.emporium.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.CommitReservation;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReservationClosed;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.ReserveStock;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReservationRejected;
import io.emporium.messages.inventory.StockReserved;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An item stored as a snapshot must come back from Jackson deciding exactly as the item rebuilt from its
 * full history does. The restored item is handed to the fixture as the first message of the stream,
 * which is how Axon's aggregate factory recognises and loads a snapshot.
 */
class InventorySnapshotSerializationTest {

    private static final String SKU = "MUG-RED";
    private static final Money PRICE = Money.of(1250, "EUR");
    private static final String ORDER_RESERVED = "5b8e1f3a-0c2d-4e6f-8a9b-1c2d3e4f5a01";
    private static final String ORDER_RELEASED = "5b8e1f3a-0c2d-4e6f-8a9b-1c2d3e4f5a02";
    private static final String ORDER_COMMITTED = "5b8e1f3a-0c2d-4e6f-8a9b-1c2d3e4f5a03";
    private static final String ORDER_REJECTED = "5b8e1f3a-0c2d-4e6f-8a9b-1c2d3e4f5a04";
    private static final String ORDER_NEW = "5b8e1f3a-0c2d-4e6f-8a9b-1c2d3e4f5a05";
    private static final String ORDER_CLOSED = "5b8e1f3a-0c2d-4e6f-8a9b-1c2d3e4f5a06";

    /** On hand 10 + 5 - 2 = 13; 4 reserved, so 9 available; one entry of each status in the ledger. */
    private static final List<Object> HISTORY = List.of(
            new ProductRegistered(SKU, "Red mug", PRICE, 10),
            new StockReceived(SKU, 5, 15),
            new StockReserved(SKU, ORDER_RESERVED, 4, PRICE, 11),
            new StockReserved(SKU, ORDER_RELEASED, 3, PRICE, 8),
            new StockReserved(SKU, ORDER_COMMITTED, 2, PRICE, 6),
            new StockReleased(SKU, ORDER_RELEASED, 3, "payment declined", 9),
            new ReservationCommitted(SKU, ORDER_COMMITTED, 2, 13),
            new StockReservationRejected(SKU, ORDER_REJECTED, 20, 9, "only 9 of SKU MUG-RED available, 20 requested"),
            new ReservationClosed(SKU, ORDER_CLOSED, "order rejected"));

    private static final ObjectMapper OBJECT_MAPPER = new ObjectMapper().findAndRegisterModules();
    private static final JacksonSerializer SERIALIZER =
            JacksonSerializer.builder().objectMapper(OBJECT_MAPPER).build();

    @Test
    void aRestoredSnapshotHoldsTheSameStateAsTheOriginal() throws Exception {
        InventoryItem original = replay(HISTORY);

        SerializedObject<byte[]> snapshot = SERIALIZER.serialize(original, byte[].class);
        InventoryItem restored = SERIALIZER.deserialize(snapshot);

        assertNotSame(original, restored);
        JsonNode originalState = OBJECT_MAPPER.readTree(snapshot.getData());
        JsonNode restoredState = OBJECT_MAPPER.readTree(SERIALIZER.serialize(restored, byte[].class).getData());
        assertEquals(originalState, restoredState);
        // Guards against a snapshot that is equal only because it is empty.
        assertEquals(5, originalState.path("ledger").size(), () -> "ledger in snapshot: " + originalState);
        assertEquals(13, originalState.path("onHand").asInt(), () -> "snapshot: " + originalState);
        // Money is written as its two components only, so a mapper that refuses unknown properties reads it back.
        assertFalse(originalState.path("unitPrice").has("zero"), () -> "snapshot: " + originalState);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void aRestoredSnapshotDecidesAsTheFullHistoryDoes(Probe probe) {
        probe.expectation().accept(new AggregateTestFixture<>(InventoryItem.class)
                .given(HISTORY)
                .when(probe.command()));

        probe.expectation().accept(new AggregateTestFixture<>(InventoryItem.class)
                .given(roundTrip(replay(HISTORY)))
                .when(probe.command()));
    }

    static Stream<Probe> probes() {
        return Stream.of(
                new Probe("all 9 available units can be reserved",
                        new ReserveStock(SKU, ORDER_NEW, 9),
                        result -> result.expectEvents(new StockReserved(SKU, ORDER_NEW, 9, PRICE, 0))),
                new Probe("a 10th unit cannot",
                        new ReserveStock(SKU, ORDER_NEW, 10),
                        result -> result.expectEvents(new StockReservationRejected(SKU, ORDER_NEW, 10, 9,
                                "only 9 of SKU MUG-RED available, 10 requested"))),
                new Probe("a retried reserve of a released order changes nothing",
                        new ReserveStock(SKU, ORDER_RELEASED, 3),
                        result -> result.expectSuccessfulHandlerExecution().expectNoEvents()),
                new Probe("a retried reserve of a refused order is refused again, though stock would now suffice",
                        new ReserveStock(SKU, ORDER_REJECTED, 9),
                        result -> result.expectSuccessfulHandlerExecution().expectNoEvents()),
                new Probe("a late reserve of a closed order changes nothing",
                        new ReserveStock(SKU, ORDER_CLOSED, 9),
                        result -> result.expectSuccessfulHandlerExecution().expectNoEvents()),
                new Probe("the open reservation can be released",
                        new ReleaseStock(SKU, ORDER_RESERVED, "order cancelled"),
                        result -> result.expectEvents(
                                new StockReleased(SKU, ORDER_RESERVED, 4, "order cancelled", 13))),
                new Probe("the open reservation can be committed",
                        new CommitReservation(SKU, ORDER_RESERVED),
                        result -> result.expectEvents(new ReservationCommitted(SKU, ORDER_RESERVED, 4, 9))),
                new Probe("the committed reservation cannot be released",
                        new ReleaseStock(SKU, ORDER_COMMITTED, "order cancelled"),
                        result -> result.expectNoEvents().expectException(CommandRefusedException.class)
                                        .expectExceptionMessage(containsString("already committed"))),
                new Probe("the identical registration is still recognised",
                        new RegisterProduct(SKU, "Red mug", PRICE, 10),
                        result -> result.expectSuccessfulHandlerExecution().expectNoEvents()),
                new Probe("a different registration is still refused",
                        new RegisterProduct(SKU, "Red mug", Money.of(1300, "EUR"), 10),
                        result -> result.expectNoEvents().expectException(CommandRefusedException.class)));
    }

    /** Rebuilds an item the way Axon does when it loads one: every event through its sourcing handler. */
    private static InventoryItem replay(List<Object> events) {
        EventSourcedAggregate<InventoryItem> aggregate = EventSourcedAggregate.initialize(
                new InventoryItem(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(InventoryItem.class),
                SimpleEventBus.builder().build(),
                NoSnapshotTriggerDefinition.TRIGGER);
        List<GenericDomainEventMessage<Object>> messages = new ArrayList<>();
        for (int sequence = 0; sequence < events.size(); sequence++) {
            messages.add(new GenericDomainEventMessage<>("InventoryItem", SKU, sequence, events.get(sequence)));
        }
        aggregate.initializeState(DomainEventStream.of(messages.stream()));
        return aggregate.getAggregateRoot();
    }

    private static InventoryItem roundTrip(InventoryItem item) {
        return SERIALIZER.deserialize(SERIALIZER.serialize(item, byte[].class));
    }

    record Probe(String description, Object command, Consumer<ResultValidator<InventoryItem>> expectation) {
        @Override
        public String toString() {
            return description;
        }
    }
}
