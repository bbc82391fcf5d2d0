package io.emporium.edge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP edge, under {@code emporium.edge}.
 *
 * @param commandTimeout how long a request waits for the aggregate's decision before answering 503
 * @param retryAfter     what a 503 answer advises in its {@code Retry-After} header
 * @param idempotency    how long {@code Idempotency-Key}s are kept and leased
 */
@ConfigurationProperties("emporium.edge")
public record EdgeProperties(@DefaultValue("10s") Duration commandTimeout,
                             @DefaultValue("5s") Duration retryAfter,
                             @DefaultValue Idempotency idempotency) {

    public EdgeProperties {
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("emporium.edge.command-timeout must be positive, was " + commandTimeout);
        }
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("emporium.edge.retry-after must not be negative, was " + retryAfter);
        }
        if (idempotency == null) {
            idempotency = new Idempotency(Duration.ofHours(24), Duration.ofSeconds(30));
        }
    }

    /**
     * {@code Idempotency-Key} settings, under {@code emporium.edge.idempotency} (decisions 0020 and 0043).
     *
     * @param ttl   how long a key and its answer are kept; a repeat after that acts again
     * @param lease how long a request's claim of its key outlives the last renewal: the request serving it renews
     *              it every third of this while it runs, so a process killed mid-request blocks repeats of its key
     *              (409) for at most this long, after which a repeat takes the key over and acts again
     */
    public record Idempotency(@DefaultValue("24h") Duration ttl, @DefaultValue("30s") Duration lease) {

        public Idempotency {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("emporium.edge.idempotency.ttl must be positive, was " + ttl);
            }
            if (lease == null || lease.compareTo(Duration.ofSeconds(3)) < 0 || lease.compareTo(ttl) >= 0) {
                throw new IllegalArgumentException("emporium.edge.idempotency.lease must be at least 3s and shorter"
                        + " than the ttl, was " + lease);
            }
        }
    }
}
