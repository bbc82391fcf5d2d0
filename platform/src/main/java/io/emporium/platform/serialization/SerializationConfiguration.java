package io.emporium.platform.serialization;

import io.emporium.messages.upcasting.OrderPlacedPaymentIdUpcaster;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Axon's general, message and event serializers: one Jackson serializer built on {@link AxonJson}'s own
 * mapper. Declaring them here keeps Axon from falling back to XStream, and from borrowing Spring MVC's
 * ObjectMapper (whose settings serve HTTP clients, not stored events).
 *
 * <p>And the contract's event upcasters (decision 0052), one bean each: Axon's Spring Boot auto-configuration
 * ({@code InfraConfiguration.eventUpcastersConfigurer}) registers every {@link EventUpcaster} bean with the
 * configurer, whose upcaster chain the event store reads through: the JDBC storage engine of standalone mode
 * ({@code EventStoreConfiguration}) and Axon Server's event store in every service, since every assembly imports
 * this configuration. Two upcasters of one event type are chained in bean order: give them {@code @Order}.
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

    @Bean
    public EventUpcaster orderPlacedPaymentIdUpcaster() {
        return new OrderPlacedPaymentIdUpcaster();
    }
}
