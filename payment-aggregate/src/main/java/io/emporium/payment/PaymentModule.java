package io.emporium.payment;

import io.emporium.payment.provider.PaymentProvider;
import io.emporium.payment.provider.PaymentProviderGateway;
import io.emporium.payment.provider.SimulatedPaymentProvider;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The payment module as one Spring configuration, imported both by the standalone assembly and by the
 * payment service's own main class (no component scanning, so neither picks up the other's beans).
 *
 * <p>It contributes the {@link Payment} aggregate, the simulated provider unless another
 * {@link PaymentProvider} bean exists, and the {@link PaymentProviderGateway} on its own pooled streaming
 * processor that starts at the head of the event stream: a new processor must not call the provider again
 * for payments requested before it existed.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Import(Payment.class)
@EnableConfigurationProperties(PaymentProperties.class)
public class PaymentModule {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(PaymentProvider.class)
    SimulatedPaymentProvider simulatedPaymentProvider(PaymentProperties properties) {
        return new SimulatedPaymentProvider(properties.providerLateAnswerDelay());
    }

    @Bean(destroyMethod = "close")
    PaymentProviderGateway paymentProviderGateway(PaymentProvider paymentProvider, CommandGateway commandGateway,
                                                  PaymentProperties properties) {
        return new PaymentProviderGateway(paymentProvider, commandGateway, properties.retry().maxAttempts(),
                properties.retry().initialInterval());
    }

    @Bean
    ConfigurerModule paymentProviderProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(
                        PaymentProviderGateway.PROCESSING_GROUP,
                        Configuration::eventStore,
                        (configuration, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken)));
    }
}
