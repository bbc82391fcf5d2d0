package io.emporium.platform.processing;

import io.emporium.platform.persistence.TokenOwner;
import java.time.Duration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@link SegmentBalancer} and the {@link SegmentMerger} of every application instance, in both modes, with their
 * settings under {@code emporium.processing} ({@link ProcessingProperties}); {@code emporium.processing.balance=false}
 * turns the balancer off.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessingProperties.class)
public class SegmentBalancing {

    @Bean
    @ConditionalOnProperty(name = "emporium.processing.balance", havingValue = "true", matchIfMissing = true)
    SegmentBalancer segmentBalancer(org.axonframework.config.Configuration axon, JdbcTemplate jdbc, TokenOwner owner,
                                    ProcessingProperties properties) {
        return new SegmentBalancer(axon, jdbc, owner, properties.balanceInterval(), properties.releaseFor());
    }

    /**
     * Merges the stored segments of the processors named under {@code emporium.processing.merge-to} down to the
     * count given for each (the order saga's, decision 0032), on a scheduler thread of its own that stops with the
     * context.
     */
    @Bean
    SegmentMerger segmentMerger(org.axonframework.config.Configuration axon, TokenStore tokenStore,
                                TransactionManager transactionManager, ProcessingProperties properties) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("segment-merger-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        return new SegmentMerger(axon, tokenStore, transactionManager, scheduler, properties.mergeTo(),
                                 Duration.ofSeconds(5));
    }
}
