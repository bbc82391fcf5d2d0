package io.emporium.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the inventory module, under {@code emporium.inventory}.
 *
 * @param cache             whether items loaded by a command stay in memory for the next one (decision 0027)
 * @param cacheEntries      how many items the cache holds at most, the least recently used dropped first
 * @param snapshotThreshold events of an item after which a snapshot of it is stored (decision 0040)
 */
@ConfigurationProperties("emporium.inventory")
public record InventoryProperties(@DefaultValue("true") boolean cache,
                                  @DefaultValue("10000") long cacheEntries,
                                  @DefaultValue("1000") int snapshotThreshold) {

    public InventoryProperties {
        if (cacheEntries < 1) {
            throw new IllegalArgumentException("emporium.inventory.cache-entries must be at least 1, was "
                    + cacheEntries);
        }
        if (snapshotThreshold < 1) {
            throw new IllegalArgumentException("emporium.inventory.snapshot-threshold must be at least 1, was "
                    + snapshotThreshold);
        }
    }
}
