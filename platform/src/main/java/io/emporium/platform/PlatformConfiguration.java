package io.emporium.platform;

import io.emporium.platform.correlation.MessageCorrelation;
import io.emporium.platform.events.EventStoreConfiguration;
import io.emporium.platform.health.EventProcessorsHealthIndicator;
import io.emporium.platform.metrics.MetricsConfiguration;
import io.emporium.platform.persistence.PersistenceConfiguration;
import io.emporium.platform.processing.ProcessorWatchdog;
import io.emporium.platform.processing.ProcessorWatching;
import io.emporium.platform.processing.SegmentBalancing;
import io.emporium.platform.remote.RemoteFailuresConfiguration;
import io.emporium.platform.serialization.SerializationConfiguration;
import io.emporium.platform.tracing.Tracing;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * The technical configuration every runnable Emporium assembly imports: Axon's serializers, PostgreSQL
 * preparation, the embedded event store when Axon Server is off, refusals that survive Axon Server when it is on
 * ({@link RemoteFailuresConfiguration}), segments spread over the instances that run a processor
 * ({@link SegmentBalancing}), stalled processors restarted and reported ({@link ProcessorWatching}), the request correlation id and caller passed from message to message
 * ({@link MessageCorrelation}), Axon's spans on the application's OpenTelemetry ({@link Tracing}), Axon's message metrics
 * with each meter registered once ({@link MetricsConfiguration}), and a startup report of where Axon keeps its events and tokens.
 */
@Configuration(proxyBeanMethods = false)
@Import({SerializationConfiguration.class, PersistenceConfiguration.class, EventStoreConfiguration.class,
        RemoteFailuresConfiguration.class, SegmentBalancing.class, ProcessorWatching.class, MessageCorrelation.class,
        Tracing.class, MetricsConfiguration.class})
public class PlatformConfiguration {

    /** {@code eventProcessors} in {@code /actuator/health} and its readiness group. */
    @Bean
    public EventProcessorsHealthIndicator eventProcessorsHealthIndicator(org.axonframework.config.Configuration axon,
                                                                         ObjectProvider<ProcessorWatchdog> watchdog) {
        return new EventProcessorsHealthIndicator(axon, watchdog);
    }

    @Bean
    StorageReport axonStorageReport(ObjectProvider<EventStorageEngine> storageEngine,
                                    ObjectProvider<TokenStore> tokenStore) {
        return new StorageReport(storageEngine, tokenStore);
    }

    /** Logs, once the application is ready, which event storage and token store Axon really uses. */
    public static final class StorageReport {

        private static final Logger log = LoggerFactory.getLogger(StorageReport.class);
        private final ObjectProvider<EventStorageEngine> storageEngine;
        private final ObjectProvider<TokenStore> tokenStore;

        StorageReport(ObjectProvider<EventStorageEngine> storageEngine, ObjectProvider<TokenStore> tokenStore) {
            this.storageEngine = storageEngine;
            this.tokenStore = tokenStore;
        }

        public String eventStorage() {
            EventStorageEngine engine = storageEngine.getIfAvailable();
            return engine == null ? "Axon Server (no local storage engine)" : engine.getClass().getSimpleName();
        }

        public String tokenStore() {
            TokenStore store = tokenStore.getIfAvailable();
            return store == null ? "none" : store.getClass().getSimpleName();
        }

        @EventListener(ApplicationReadyEvent.class)
        void report() {
            log.info("Axon event storage: {}; token store: {}", eventStorage(), tokenStore());
        }
    }
}
