package io.emporium.platform.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the event storage in PostgreSQL (standalone mode), under {@code emporium.events}.
 *
 * @param fetchSize  events a processor's stream reads per query, and an aggregate's events per query when it loads
 * @param bulkFetchSize events per query of the stream a rebuild of the read models reads; larger than
 *                   {@code fetchSize}, since a rebuild reads the whole store in order and each batch it projects is
 *                   a thousand events
 * @param gapTimeout how long a missing global index (a transaction that took the index and has not committed, or
 *                   rolled back) is waited for before processors stop looking for it. An event whose transaction
 *                   commits later than this after a later event is never delivered, so keep it well above the
 *                   longest transaction that appends events.
 */
@ConfigurationProperties("emporium.events")
public record EventStorageProperties(@DefaultValue("100") int fetchSize,
                                     @DefaultValue("1000") int bulkFetchSize,
                                     @DefaultValue("60s") Duration gapTimeout) {

    public EventStorageProperties {
        if (fetchSize < 1) {
            throw new IllegalArgumentException("emporium.events.fetch-size must be at least 1, was " + fetchSize);
        }
        if (bulkFetchSize < 1) {
            throw new IllegalArgumentException("emporium.events.bulk-fetch-size must be at least 1, was "
                    + bulkFetchSize);
        }
        if (gapTimeout == null || gapTimeout.isNegative() || gapTimeout.isZero()
                || gapTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "emporium.events.gap-timeout must be positive and at most 24 days, was " + gapTimeout);
        }
    }
}
