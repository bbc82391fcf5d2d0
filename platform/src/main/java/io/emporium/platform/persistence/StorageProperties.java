package io.emporium.platform.persistence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sagas are stored, under {@code emporium.storage}.
 *
 * @param sagaCache          whether sagas and their associations are cached in memory ({@code CachingSagaStore} over
 *                           the JDBC saga store, rollback-safe); safe only with one saga segment per JVM (decision
 *                           0034), so standalone mode turns it on and distributed mode leaves it off
 * @param sagaCacheEntries   how many sagas and associations the caches hold at most
 * @param sagaBatchedWrites  whether a transaction's saga writes go to PostgreSQL as JDBC batches just before it commits
 *                           (decision 0039)
 */
@ConfigurationProperties("emporium.storage")
public record StorageProperties(@DefaultValue("false") boolean sagaCache,
                                @DefaultValue("10000") long sagaCacheEntries,
                                @DefaultValue("true") boolean sagaBatchedWrites) {

    public StorageProperties {
        if (sagaCacheEntries < 1) {
            throw new IllegalArgumentException("emporium.storage.saga-cache-entries must be at least 1, was "
                    + sagaCacheEntries);
        }
    }
}
