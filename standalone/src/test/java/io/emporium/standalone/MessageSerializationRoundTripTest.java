package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.Money;
import io.emporium.platform.serialization.SerializationConfiguration;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Every record of the message contract goes through the configured serializer and comes back equal, so a
 * stored event stays readable. The records are found by scanning the contract, so a new event is covered
 * the day it is written.
 */
class MessageSerializationRoundTripTest {

    private static final Serializer SERIALIZER = new SerializationConfiguration().serializer();

    static Stream<Class<?>> messageRecords() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(Record.class));
        return scanner.findCandidateComponents("io.emporium.messages").stream()
                      .map(definition -> load(definition.getBeanClassName()))
                      .filter(Class::isRecord)
                      .sorted((a, b) -> a.getName().compareTo(b.getName()))
                      .map(type -> (Class<?>) type);
    }

    @Test
    void theScanFindsTheWholeContract() {
        List<String> names = messageRecords().map(Class::getSimpleName).toList();

        assertThat(names).contains("ProductRegistered", "StockReserved", "StockReservationRejected",
                "OrderPlaced", "OrderRejected", "PaymentAuthorized", "PaymentRefunded", "Money", "OrderLine");
        assertThat(names.size()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void theConfiguredSerializerIsJacksonNeverXStream() {
        assertThat(SERIALIZER).isInstanceOf(JacksonSerializer.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageRecords")
    void aMessageComesBackEqualAfterSerialization(Class<?> type) {
        Object original = sample(type);

        SerializedObject<byte[]> stored = SERIALIZER.serialize(original, byte[].class);
        Object restored = SERIALIZER.deserialize(
                new SimpleSerializedObject<>(stored.getData(), byte[].class, stored.getType()));

        assertThat(new String(stored.getData())).startsWith("{");
        assertThat(restored).isEqualTo(original);
    }

    /** A value of every component, none of them the type's default, so a lost field shows. */
    static Object sample(Class<?> type) {
        if (type == Money.class) {
            return Money.of(12_345, "EUR");
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = value(components[i].getGenericType(), components[i].getName(), i);
        }
        try {
            Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a sample " + type.getName(), e);
        }
    }

    private static Object value(Type type, String name, int position) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return List.of(value(arguments[0], name, 1), value(arguments[0], name, 2));
            }
            if (java.util.Set.class.isAssignableFrom(raw)) {
                return java.util.Set.of(value(arguments[0], name, 1), value(arguments[0], name, 2));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of(value(arguments[0], name, 1), value(arguments[1], name, 2));
            }
            throw new IllegalStateException("no sample for " + type);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return name.equals("currency") ? "EUR" : name + "-" + position;
        }
        if (raw == int.class || raw == Integer.class) {
            return 7 + position;
        }
        if (raw == long.class || raw == Long.class) {
            return 70_000L + position;
        }
        if (raw == double.class || raw == Double.class) {
            return 7.25 + position;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == Instant.class) {
            return Instant.parse("2026-01-02T03:04:05.123456Z");
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[constants.length - 1];
        }
        if (raw.isRecord()) {
            return sample(raw);
        }
        throw new IllegalStateException("no sample for " + type + " (" + name + "): teach this test the type");
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
