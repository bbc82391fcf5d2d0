package io.emporium.edge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP edge, under {@code emporium.edge}.
 *
 * @param commandTimeout how long a request waits for the aggregate's decision before answering 503
 * @param retryAfter     what a 503 answer advises in its {@code Retry-After} header
 */
@ConfigurationProperties("emporium.edge")
public record EdgeProperties(@DefaultValue("10s") Duration commandTimeout,
                             @DefaultValue("5s") Duration retryAfter) {

    public EdgeProperties {
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("emporium.edge.command-timeout must be positive, was " + commandTimeout);
        }
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("emporium.edge.retry-after must not be negative, was " + retryAfter);
        }
    }
}
