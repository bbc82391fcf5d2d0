package io.emporium.edge.admin;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * One stored event of an aggregate as the admin endpoint shows it. {@code type} is the payload's full class
 * name; {@code payload} is rendered by the web ObjectMapper.
 */
public record RecordedEvent(long sequence, String type, Instant timestamp, Map<String, Object> metadata,
                            Object payload) {

    static RecordedEvent of(DomainEventMessage<?> message) {
        return new RecordedEvent(message.getSequenceNumber(),
                                 message.getPayloadType().getName(),
                                 message.getTimestamp(),
                                 new TreeMap<>(message.getMetaData()),
                                 message.getPayload());
    }
}
