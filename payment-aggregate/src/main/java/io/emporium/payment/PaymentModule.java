package io.emporium.payment;

import io.emporium.payment.provider.PaymentMetrics;
import io.emporium.payment.provider.PaymentProvider;
import io.emporium.payment.provider.PaymentProviderGateway;
import io.emporium.payment.provider.SimulatedPaymentProvider;
import io.emporium.payment.provider.http.HttpPaymentProviderConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The payment module as one Spring configuration, imported both by the standalone assembly and by the
 * payment service's own main class (no component scanning, so neither picks up the other's beans).
 *
 * <p>It contributes the {@link Payment} aggregate, the provider chosen by {@code emporium.payment.provider}
 * ({@code http}, the default: {@link HttpPaymentProviderConfiguration}; {@code simulated}: the in-process
 * {@link SimulatedPaymentProvider}, refused outside the profiles {@value #SIMULATED_PROFILES}) unless another
 * {@link PaymentProvider} bean exists, and the {@link PaymentProviderGateway} on its own pooled streaming
 * processor that starts at the head of the event stream: a new processor must not call the provider again
 * for payments requested before it existed.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Import({Payment.class, HttpPaymentProviderConfiguration.class})
@EnableConfigurationProperties(PaymentProperties.class)
public class PaymentModule {

    /** Must match {@code @Aggregate(cache = ...)} on {@link Payment}. */
    public static final String CACHE = "paymentCache";

    /**
     * The profiles in which the simulated provider may run: a laptop, the tests and the benchmarks. It approves
     * {@code pm_approve} without taking any money, so anywhere else the platform refuses to start with it, as the edge
     * refuses the local profile's published token secret.
     */
    public static final String SIMULATED_PROFILES = "local | test | benchmark";

    /**
     * Payments loaded by a command stay in memory for the next one, as inventory items do
     * (decision 0027): the provider's answer follows the request within moments. {@code emporium.payment.cache}
     * (default true) turns it off.
     */
    @Bean(CACHE)
    public Cache paymentCache(PaymentProperties properties, ObjectProvider<BiFunction<String, Long, Cache>> heapCaches) {
        if (!properties.cache()) {
            return NoCache.INSTANCE;
        }
        // On the heap, at most `entries` aggregates, least recently used first out, from the application's caches
        // (decision 0035); weak references where it has none (a young GC empties them).
        BiFunction<String, Long, Cache> heap = heapCaches.getIfAvailable();
        return heap == null ? new WeakReferenceCache() : heap.apply(CACHE, properties.cacheEntries());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(PaymentProvider.class)
    @ConditionalOnProperty(prefix = "emporium.payment", name = "provider", havingValue = "simulated")
    SimulatedPaymentProvider simulatedPaymentProvider(PaymentProperties properties, Environment environment) {
        if (!environment.acceptsProfiles(Profiles.of(SIMULATED_PROFILES))) {
            throw new IllegalStateException("emporium.payment.provider is 'simulated', which approves payments without"
                    + " taking any money, but none of the profiles " + SIMULATED_PROFILES + " is active: set"
                    + " emporium.payment.provider=http (EMPORIUM_PAYMENT_PROVIDER) with the provider's"
                    + " emporium.payment.http.base-url and api-key");
        }
        return new SimulatedPaymentProvider(properties.providerLateAnswerDelay());
    }

    /** The payment counters and the provider call timer, in the application's meter registry when it has one. */
    @Bean
    PaymentMetrics paymentMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
        return new PaymentMetrics(meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean(destroyMethod = "close")
    PaymentProviderGateway paymentProviderGateway(PaymentProperties properties, PaymentProvider paymentProvider,
                                                  CommandGateway commandGateway, PaymentMetrics metrics) {
        // The settings first: an unknown emporium.payment.provider fails their binding, which names it, before the
        // missing provider bean would.
        return new PaymentProviderGateway(paymentProvider, commandGateway, properties.retry().maxAttempts(),
                properties.retry().initialInterval(), metrics);
    }

    @Bean
    ConfigurerModule paymentProviderProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(
                        PaymentProviderGateway.PROCESSING_GROUP,
                        Configuration::eventStore,
                        // Two segments, not Axon's default of 16: each segment's batches commit on their own, and two
                        // are enough for two payment-service instances to share the work (decision 0034).
                        (configuration, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken)
                                                           .initialSegmentCount(2)));
    }
}
