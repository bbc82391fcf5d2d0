package io.emporium.saga;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** The saga's state survives the JSON form the JPA saga store keeps, and its resources are never stored. */
class OrderFulfilmentSagaSerializationTest {

    static final String ORDER = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    @Test
    void aSagaHalfwayThroughReservingComesBackEqualAndWithoutItsResources() throws Exception {
        OrderFulfilmentSaga saga = new OrderFulfilmentSaga();
        inject(saga, "commands", new CommandDelivery(
                DefaultCommandGateway.builder().commandBus(new RecordingCommandBus()).build(),
                OrderFulfilmentSagaTest.SETTINGS.retry(), Runnable::run));
        inject(saga, "settings", OrderFulfilmentSagaTest.SETTINGS);
        inject(saga, "deadlines", Mockito.mock(DeadlineManager.class));
        // The saga describes its scope for the answers to its commands: run it in one, as Axon does.
        new SagaLikeScope().run(() -> {
            saga.on(new OrderPlaced(ORDER, "customer-1",
                    List.of(new OrderLine("DESK-OAK", 2), new OrderLine("LAMP-1", 1)), "pm_approve", Identifiers.paymentIdFor(ORDER)));
            saga.on(new StockReserved("DESK-OAK", ORDER, 2, Money.of(24_900, "EUR"), 3));
            return null;
        });
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                .build();

        SerializedObject<byte[]> stored = serializer.serialize(saga, byte[].class);
        OrderFulfilmentSaga restored = serializer.deserialize(
                new SimpleSerializedObject<>(stored.getData(), byte[].class, stored.getType()));

        String json = new String(stored.getData());
        assertThat(json).doesNotContain("\"commands\"", "\"deadlines\"", "\"settings\"", "retry");
        assertThat(json).contains("\"orderId\":\"" + ORDER + "\"", "\"RESERVED\"", "\"REQUESTED\"", "24900");
        assertThat(restored).usingRecursiveComparison()
                            .ignoringFields("commands", "deadlines", "settings")
                            .isEqualTo(saga);
        assertThat(field(restored, "commands")).isNull();
    }

    @Test
    void theResourceFieldsAreTransient() throws Exception {
        for (String name : List.of("commands", "deadlines", "settings")) {
            Field field = OrderFulfilmentSaga.class.getDeclaredField(name);
            assertThat(java.lang.reflect.Modifier.isTransient(field.getModifiers())).as(name).isTrue();
        }
    }

    @Test
    void durationsReadAsAPersonWouldWriteThem() {
        assertThat(OrderFulfilmentSaga.readable(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(OrderFulfilmentSaga.readable(Duration.ofMillis(1500))).isEqualTo("1500 ms");
        assertThat(OrderFulfilmentSaga.readable(Duration.ofHours(24))).isEqualTo("24 h");
    }

    /** A scope for the saga's handlers to describe, as the saga manager gives them one. */
    static final class SagaLikeScope extends Scope {

        @Override
        public ScopeDescriptor describeScope() {
            return () -> "saga " + ORDER;
        }

        <V> V run(java.util.concurrent.Callable<V> task) throws Exception {
            return executeWithResult(task);
        }
    }

    private static void inject(Object target, String name, Object value) throws Exception {
        Field field = OrderFulfilmentSaga.class.getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }

    private static Object field(Object target, String name) throws Exception {
        Field field = OrderFulfilmentSaga.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }
}
