package io.emporium.benchmarks.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.platform.serialization.AxonJson;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one order shape the benchmark places, and the rows that placing it stores: the place-order requests
 * of scenario 1 and the raw rows of scenario 6 carry the same event, serialized by the platform's own
 * mapper, so that both sides of a ratio write the same bytes.
 */
public final class SampleOrders {

    private static final long UUID_VERSION_MASK = 0xF000L;
    private static final long UUID_VERSION_4 = 0x4000L;
    private static final long UUID_VARIANT_MASK = 0xC000_0000_0000_0000L;
    private static final long UUID_VARIANT_IETF = 0x8000_0000_0000_0000L;

    /** Products registered before any order is placed. */
    public static final List<String> SKUS = List.of("BENCH-DESK", "BENCH-CHAIR", "BENCH-LAMP");
    static final String CUSTOMER = "customer-bench-0042";
    static final String TOKEN = "pm_approve";
    static final List<OrderLine> LINES = List.of(new OrderLine(SKUS.get(0), 1), new OrderLine(SKUS.get(1), 4),
            new OrderLine(SKUS.get(2), 2));

    private static final ObjectMapper AXON_JSON = AxonJson.objectMapper();
    private static final RevisionResolver REVISIONS = new AnnotationRevisionResolver();

    private SampleOrders() {
    }

    public static String registerProductJson(String sku) {
        return """
                {"sku":"%s","name":"Benchmark item %s","unitPrice":{"amount":4990,"currency":"EUR"},"initialStock":1000000}"""
                .formatted(sku, sku);
    }

    public static String placeOrderJson(String orderId) {
        StringBuilder lines = new StringBuilder();
        for (OrderLine line : LINES) {
            if (lines.length() > 0) {
                lines.append(',');
            }
            lines.append("{\"sku\":\"").append(line.sku()).append("\",\"quantity\":").append(line.quantity()).append('}');
        }
        return "{\"orderId\":\"" + orderId + "\",\"lines\":[" + lines
                + "],\"paymentMethodToken\":\"" + TOKEN + "\"}";
    }

    /**
     * A canonical lower-case order id that is unique within the run, without the cost of a secure random. It carries
     * the version (4) and variant bits of a random UUID whatever the salt: a salt whose version digit came out 3 would
     * otherwise make every id of its load one the platform refuses (version 3 is kept for payment ids).
     */
    public static String orderId(long runSalt, long index) {
        long mostSignificant = (runSalt & ~UUID_VERSION_MASK) | UUID_VERSION_4;
        long leastSignificant = (index & ~UUID_VARIANT_MASK) | UUID_VARIANT_IETF;
        return new UUID(mostSignificant, leastSignificant).toString();
    }

    /**
     * The payload revision the platform stores with an event of this type: its {@code @Revision}, read by the
     * resolver Axon's serializers use by default (decision 0052).
     */
    static String revisionOf(Class<?> eventType) {
        return REVISIONS.revisionOf(eventType);
    }

    /** The payload the platform stores for a placed order: the OrderPlaced event as the platform's mapper writes it. */
    static byte[] placedPayload(String orderId) {
        return json(new OrderPlaced(orderId, CUSTOMER, LINES, TOKEN, Identifiers.paymentIdFor(orderId)));
    }

    /** Metadata of the shape Axon stores with an event dispatched by a command: its trace and correlation ids. */
    static byte[] metadata(String messageId) {
        return json(Map.of("traceId", messageId, "correlationId", messageId));
    }

    private static byte[] json(Object value) {
        try {
            return AXON_JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value, e);
        }
    }
}
