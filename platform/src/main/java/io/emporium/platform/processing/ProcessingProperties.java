package io.emporium.platform.processing;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How streaming processors' segments are shared between application instances, under {@code emporium.processing}
 * (the watchdog's settings are {@link ProcessorWatchdogProperties}).
 *
 * @param balance         whether this instance takes part in balancing segments ({@link SegmentBalancer}, decision
 *                        0031)
 * @param balanceInterval how often the balancer looks at who holds which segment
 * @param releaseFor      how long an instance that holds more than its share stays away from a segment it released;
 *                        longer than a pooled processor's 5 s claim interval
 * @param mergeTo         stored segments to merge each named processor down to ({@link SegmentMerger}), e.g.
 *                        {@code emporium.processing.merge-to.order-fulfilment=1}
 */
@ConfigurationProperties("emporium.processing")
public record ProcessingProperties(@DefaultValue("true") boolean balance,
                                   @DefaultValue("5s") Duration balanceInterval,
                                   @DefaultValue("20s") Duration releaseFor,
                                   Map<String, Integer> mergeTo) {

    public ProcessingProperties {
        if (balanceInterval.isNegative() || balanceInterval.isZero() || releaseFor.isNegative()
                || releaseFor.isZero()) {
            throw new IllegalArgumentException("emporium.processing.balance-interval and release-for must be positive");
        }
        mergeTo = mergeTo == null ? Map.of() : Map.copyOf(mergeTo);
    }
}
