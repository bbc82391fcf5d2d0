package io.emporium.platform.serialization;

import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Axon's general, message and event serializers: one Jackson serializer built on {@link AxonJson}'s own
 * mapper. Declaring them here keeps Axon from falling back to XStream, and from borrowing Spring MVC's
 * ObjectMapper (whose settings serve HTTP clients, not stored events).
 */
@Configuration(proxyBeanMethods = false)
public class SerializationConfiguration {

    @Bean
    @Primary
    public Serializer serializer() {
        return AxonJson.serializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }
}
