package io.emporium.messages.upcasting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/**
 * The stored {@code OrderPlaced} of revision 1 read through Axon's upcaster chain, as the event store reads it. The
 * stored payload is the one main (0dc5378) wrote for the first order of the standalone upcasting fixture; the payment
 * id expected is the one that run's saga authorized for it (from its log), not one computed here.
 */
class OrderPlacedPaymentIdUpcasterTest {

    static final String ORDER_ID = "4c1e7a52-8f3b-4d2a-9b61-1a2b3c4d5e01";
    static final String PAYMENT_ID_OF_THAT_RUN = "7bab9f75-9615-365b-b97a-f39cc4438e59";
    static final String STORED_PAYLOAD = "{\"orderId\":\"" + ORDER_ID + "\",\"customerId\":\"customer-fixture\","
            + "\"lines\":[{\"sku\":\"FIXTURE-MUG\",\"quantity\":2}],\"paymentMethodToken\":\"pm_approve\"}";

    final Serializer serializer = JacksonSerializer.defaultSerializer();

    @Test
    void aStoredOrderPlacedWithoutRevisionIsReadAsRevision2WithThePaymentIdItsSagaUsed() {
        IntermediateEventRepresentation read = readThrough(new EventUpcasterChain(new OrderPlacedPaymentIdUpcaster()),
                                                           stored(null));

        assertThat(read.getType().getName()).isEqualTo(OrderPlaced.class.getName());
        assertThat(read.getType().getRevision()).isEqualTo("2");
        OrderPlaced event = serializer.deserialize(read.getData());
        assertThat(event).isEqualTo(new OrderPlaced(ORDER_ID, "customer-fixture", List.of(new OrderLine("FIXTURE-MUG", 2)),
                                                    "pm_approve", PAYMENT_ID_OF_THAT_RUN));
    }

    @Test
    void revision1IsUpcastLikeAnEventWithoutRevision() {
        IntermediateEventRepresentation read = readThrough(new EventUpcasterChain(new OrderPlacedPaymentIdUpcaster()),
                                                           stored("1"));

        assertThat(read.getType().getRevision()).isEqualTo("2");
        assertThat(((OrderPlaced) serializer.deserialize(read.getData())).paymentId()).isEqualTo(PAYMENT_ID_OF_THAT_RUN);
    }

    /** Why the upcaster exists: without it the stored event deserializes, silently, without its payment id. */
    @Test
    void withoutTheUpcasterTheStoredEventHasNoPaymentId() {
        IntermediateEventRepresentation read = readThrough(new EventUpcasterChain(), stored(null));

        assertThat(read.getType().getRevision()).isNull();
        assertThat(((OrderPlaced) serializer.deserialize(read.getData())).paymentId()).isNull();
    }

    @Test
    void revision2AndOtherTypesPassUnchanged() {
        byte[] revision2 = serializer.serialize(new OrderPlaced(ORDER_ID, "c", List.of(), "t", "chosen-elsewhere"),
                                                byte[].class).getData();
        IntermediateEventRepresentation read = readThrough(new EventUpcasterChain(new OrderPlacedPaymentIdUpcaster()),
                                                           entry(OrderPlaced.class.getName(), "2", revision2));
        assertThat(((OrderPlaced) serializer.deserialize(read.getData())).paymentId()).isEqualTo("chosen-elsewhere");

        byte[] other = "{\"orderId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        IntermediateEventRepresentation otherRead = readThrough(
                new EventUpcasterChain(new OrderPlacedPaymentIdUpcaster()), entry("io.emporium.Other", null, other));
        assertThat(otherRead.getType()).extracting(SerializedType::getName, SerializedType::getRevision)
                                       .containsExactly("io.emporium.Other", null);
        assertThat((byte[]) otherRead.getData().getData()).isEqualTo(other);
    }

    @Test
    void thePayloadReadIsNotChangedInPlaceAndOneWithoutOrderIdIsRefused() throws Exception {
        JsonNode revision1 = new ObjectMapper().readTree(STORED_PAYLOAD);
        JsonNode revision2 = OrderPlacedPaymentIdUpcaster.withPaymentId(revision1);

        assertThat(revision2.get("paymentId").asText()).isEqualTo(PAYMENT_ID_OF_THAT_RUN);
        assertThat(revision1.has("paymentId")).isFalse();
        assertThatThrownBy(() -> OrderPlacedPaymentIdUpcaster.withPaymentId(new ObjectMapper().readTree("{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private IntermediateEventRepresentation readThrough(EventUpcasterChain chain,
                                                        GenericDomainEventEntry<byte[]> stored) {
        List<IntermediateEventRepresentation> read =
                chain.upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();
        assertThat(read).hasSize(1);
        return read.get(0);
    }

    private static GenericDomainEventEntry<byte[]> stored(String revision) {
        return entry(OrderPlaced.class.getName(), revision, STORED_PAYLOAD.getBytes(StandardCharsets.UTF_8));
    }

    private static GenericDomainEventEntry<byte[]> entry(String type, String revision, byte[] payload) {
        return new GenericDomainEventEntry<>("Order", ORDER_ID, 0, "event-1", Instant.parse("2026-12-04T18:34:32.548Z"),
                                             type, revision, payload, "{}".getBytes(StandardCharsets.UTF_8));
    }
}
