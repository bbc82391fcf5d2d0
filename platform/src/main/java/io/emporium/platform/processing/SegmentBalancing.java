package io.emporium.platform.processing;

import io.emporium.platform.persistence.TokenOwner;
import java.time.Duration;
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
@ConditionalOnProperty(name = "emporium.processing.balance", havingValue = "true", matchIfMissing = true)
public class SegmentBalancing {

    @Bean
    SegmentBalancer segmentBalancer(org.axonframework.config.Configuration axon, JdbcTemplate jdbc, TokenOwner owner,
                                    @Value("${emporium.processing.balance-interval:5s}") Duration interval,
                                    @Value("${emporium.processing.release-for:20s}") Duration releaseFor) {
        if (interval.isNegative() || interval.isZero() || releaseFor.isNegative() || releaseFor.isZero()) {
            throw new IllegalArgumentException("emporium.processing.balance-interval and release-for must be positive");
        }
        return new SegmentBalancer(axon, jdbc, owner, interval, releaseFor);
    }
}
