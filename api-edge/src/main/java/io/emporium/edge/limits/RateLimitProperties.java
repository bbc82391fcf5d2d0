package io.emporium.edge.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Request limits of the edge, under {@code emporium.edge.limits}.
 *
 * @param rateLimiting   whether requests are counted per client at all
 * @param commands       (120 a minute) {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under {@code /api/} (admin excepted)
 * @param queries        (600 a minute) {@code GET} and {@code HEAD} under {@code /api/} (admin excepted)
 * @param admin          (60 a minute) everything under {@code /api/admin/}
 * @param anonymous      (30 a minute, per address) what an unauthenticated client may reach (the local token endpoint, the API description)
 * @param maxClients     how many clients' counters are kept at most (the least recently seen are dropped first)
 * @param maxRequestBody the largest request body accepted (413 above it)
 */
@ConfigurationProperties("emporium.edge.limits")
public record RateLimitProperties(@DefaultValue("true") boolean rateLimiting,
                                  Limit commands,
                                  Limit queries,
                                  Limit admin,
                                  Limit anonymous,
                                  @DefaultValue("100000") int maxClients,
                                  @DefaultValue("64KB") DataSize maxRequestBody) {

    public RateLimitProperties {
        commands = commands != null ? commands : new Limit(120, Duration.ofMinutes(1));
        queries = queries != null ? queries : new Limit(600, Duration.ofMinutes(1));
        admin = admin != null ? admin : new Limit(60, Duration.ofMinutes(1));
        anonymous = anonymous != null ? anonymous : new Limit(30, Duration.ofMinutes(1));
        if (maxClients < 1) {
            throw new IllegalArgumentException("emporium.edge.limits.max-clients must be at least 1, was " + maxClients);
        }
        if (maxRequestBody == null || maxRequestBody.toBytes() < 1) {
            throw new IllegalArgumentException("emporium.edge.limits.max-request-body must be positive");
        }
    }

    /**
     * {@code capacity} requests per {@code period}, refilled gradually: a client that used them all gets one back
     * every {@code period / capacity}.
     */
    public record Limit(@DefaultValue("60") long capacity, @DefaultValue("1m") Duration period) {

        public Limit {
            if (capacity < 1) {
                throw new IllegalArgumentException("a rate limit's capacity must be at least 1, was " + capacity);
            }
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a rate limit's period must be positive, was " + period);
            }
        }
    }
}
