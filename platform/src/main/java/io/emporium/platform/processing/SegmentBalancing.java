package io.emporium.platform.processing;

import io.emporium.platform.persistence.TokenOwner;
import java.time.Duration;
import java.util.Map;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@link SegmentBalancer} of every application instance, in both modes. Properties:
 * {@code emporium.processing.balance-interval} (5s) and {@code emporium.processing.release-for} (20s, longer than a
 * pooled processor's 5 s claim interval); {@code emporium.processing.balance=false} turns it off.
 */
@Configuration(proxyBeanMethods = false)
public class SegmentBalancing {

    @Bean
    @ConditionalOnProperty(name = "emporium.processing.balance", havingValue = "true", matchIfMissing = true)
    SegmentBalancer segmentBalancer(org.axonframework.config.Configuration axon, JdbcTemplate jdbc, TokenOwner owner,
                                    @Value("${emporium.processing.balance-interval:5s}") Duration interval,
                                    @Value("${emporium.processing.release-for:20s}") Duration releaseFor) {
        if (interval.isNegative() || interval.isZero() || releaseFor.isNegative() || releaseFor.isZero()) {
            throw new IllegalArgumentException("emporium.processing.balance-interval and release-for must be positive");
        }
        return new SegmentBalancer(axon, jdbc, owner, interval, releaseFor);
    }

    /**
     * Merges the stored segments of the processors named under {@code emporium.processing.merge-to} down to the
     * count given for each (the order saga's, decision 0032), on a scheduler thread of its own that stops with the
     * context.
     */
    @Bean
    SegmentMerger segmentMerger(org.axonframework.config.Configuration axon, TokenStore tokenStore,
                                TransactionManager transactionManager, Environment environment) {
        Map<String, Integer> targets = Binder.get(environment)
                .bind("emporium.processing.merge-to", Bindable.mapOf(String.class, Integer.class))
                .orElse(Map.of());
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("segment-merger-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        return new SegmentMerger(axon, tokenStore, transactionManager, scheduler, targets, Duration.ofSeconds(5));
    }
}
