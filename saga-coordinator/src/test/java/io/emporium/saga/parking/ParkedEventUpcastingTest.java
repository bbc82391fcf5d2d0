package io.emporium.saga.parking;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.upcasting.OrderPlacedPaymentIdUpcaster;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.Test;

/** A saga event parked before decision 0052 (an OrderPlaced without revision) is handed back in today's shape. */
class ParkedEventUpcastingTest {

    static final String ORDER_ID = "4c1e7a52-8f3b-4d2a-9b61-1a2b3c4d5e03";
    /** The payment main's saga authorized for this order (decision 0052's fixture). */
    static final String PAYMENT_ID = "38cbd5bb-646d-387b-b6da-8f69eaa58b07";
    static final byte[] PARKED_BEFORE_0052 = ("{\"orderId\":\"" + ORDER_ID + "\",\"customerId\":\"customer-fixture\","
            + "\"lines\":[{\"sku\":\"FIXTURE-LAMP\",\"quantity\":1}],\"paymentMethodToken\":\"pm_approve\"}")
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] META_DATA = "{\"emporium.caller\":\"customer-fixture\"}".getBytes(StandardCharsets.UTF_8);

    final Serializer serializer = JacksonSerializer.defaultSerializer();
    final Instant at = Instant.parse("2026-12-04T18:34:33.090Z");

    @Test
    void aParkedOrderPlacedWithoutRevisionComesBackWithItsPaymentId() {
        EventMessage<?> event = ParkedSagaEventStore.restore(
                serializer, new EventUpcasterChain(new OrderPlacedPaymentIdUpcaster()), "event-3",
                OrderPlaced.class.getName(), null, PARKED_BEFORE_0052, META_DATA, at);

        assertThat(event.getIdentifier()).isEqualTo("event-3");
        assertThat(event.getTimestamp()).isEqualTo(at);
        assertThat(event.getMetaData()).containsEntry("emporium.caller", "customer-fixture");
        assertThat(((OrderPlaced) event.getPayload()).paymentId()).isEqualTo(PAYMENT_ID);
    }

    @Test
    void withoutTheUpcasterItWouldComeBackWithoutOne() {
        EventMessage<?> event = ParkedSagaEventStore.restore(serializer, new EventUpcasterChain(), "event-3",
                                                             OrderPlaced.class.getName(), null, PARKED_BEFORE_0052,
                                                             META_DATA, at);

        assertThat(((OrderPlaced) event.getPayload()).paymentId()).isNull();
    }
}
