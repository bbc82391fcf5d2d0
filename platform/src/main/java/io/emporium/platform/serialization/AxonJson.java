package io.emporium.platform.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The JSON form of everything Axon stores or sends: events, snapshots, tokens, saga state, message
 * payloads. Axon gets this mapper of its own, so that no web setting can change how a stored event reads.
 */
public final class AxonJson {

    private AxonJson() {
    }

    /**
     * A mapper fixed for stored data. Unknown properties are ignored on read, so an event written by a
     * newer version (with an added field) still reads in an older one; dates are ISO-8601 strings.
     */
    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                         .addModule(new JavaTimeModule())
                         .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                         .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                         .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                         .build();
    }

    public static JacksonSerializer serializer() {
        return JacksonSerializer.builder()
                                .objectMapper(objectMapper())
                                .build();
    }
}
