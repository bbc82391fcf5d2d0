package io.emporium.inventory;

import java.util.function.BiFunction;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The inventory module as Spring sees it: the {@link InventoryItem} aggregate and its snapshot trigger.
 * This class, not a component scan, is what both the standalone assembly and the inventory service
 * import, so that several applications on one classpath never pick up each other's beans.
 * <p>
 * Property {@code emporium.inventory.snapshot-threshold} (default 1,000) sets after how many events
 * loaded or applied an item's state is snapshotted. A snapshot holds the item's whole reservation ledger, which
 * grows with every order, so its cost grows with the item's history (decision 0040).
 * <p>
 * Property {@code emporium.inventory.cache} (default true) keeps items that were loaded in memory, held by weak
 * references, so that a command on a busy SKU reads neither its snapshot nor its events again (decision 0027).
 * A cached item is dropped when the unit of work that used it rolls back, so an item changed elsewhere (another
 * instance took over its SKU for a while) costs one failed, retried command, never a wrong decision.
 */
@Configuration(proxyBeanMethods = false)
@Import(InventoryItem.class)
@EnableConfigurationProperties(InventoryProperties.class)
public class InventoryModule {

    /** Must match {@code @Aggregate(snapshotTriggerDefinition = ...)} on {@link InventoryItem}. */
    public static final String SNAPSHOT_TRIGGER = "inventorySnapshotTrigger";

    /** Must match {@code @Aggregate(cache = ...)} on {@link InventoryItem}. */
    public static final String CACHE = "inventoryCache";

    @Bean(CACHE)
    public Cache inventoryCache(InventoryProperties properties,
                                ObjectProvider<BiFunction<String, Long, Cache>> heapCaches) {
        if (!properties.cache()) {
            return NoCache.INSTANCE;
        }
        // On the heap, at most `entries` aggregates, least recently used first out, from the application's caches
        // (decision 0035); weak references where it has none (a young GC empties them).
        BiFunction<String, Long, Cache> heap = heapCaches.getIfAvailable();
        return heap == null ? new WeakReferenceCache() : heap.apply(CACHE, properties.cacheEntries());
    }

    @Bean(SNAPSHOT_TRIGGER)
    public SnapshotTriggerDefinition inventorySnapshotTrigger(Snapshotter snapshotter, InventoryProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }
}
