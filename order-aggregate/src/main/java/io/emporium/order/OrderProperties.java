package io.emporium.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the order module, under {@code emporium.order}.
 *
 * @param cache        whether orders loaded by a command stay in memory for the next one (decision 0027)
 * @param cacheEntries how many orders the cache holds at most, the least recently used dropped first
 */
@ConfigurationProperties("emporium.order")
public record OrderProperties(@DefaultValue("true") boolean cache, @DefaultValue("10000") long cacheEntries) {

    public OrderProperties {
        if (cacheEntries < 1) {
            throw new IllegalArgumentException("emporium.order.cache-entries must be at least 1, was " + cacheEntries);
        }
    }
}
