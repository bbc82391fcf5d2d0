package io.emporium.platform.processing;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The {@link ProcessorWatchdog} of every application instance, in both modes, with its settings under
 * {@code emporium.processing.watchdog} ({@link ProcessorWatchdogProperties}); {@code enabled=false} turns it off.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessorWatchdogProperties.class)
public class ProcessorWatching {

    @Bean
    @ConditionalOnProperty(name = "emporium.processing.watchdog.enabled", havingValue = "true", matchIfMissing = true)
    ProcessorWatchdog processorWatchdog(org.axonframework.config.Configuration axon, TokenStore tokenStore,
                                        TransactionManager transactionManager, ProcessorWatchdogProperties properties,
                                        ObjectProvider<MeterRegistry> meters) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("processor-watchdog-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        return new ProcessorWatchdog(axon, tokenStore, transactionManager, scheduler, properties,
                                     meters.getIfAvailable(), Clock.systemUTC());
    }
}
