package io.emporium.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.junit.jupiter.api.Test;

/** The heap caches the platform offers the aggregates keep what they hold through a collection, up to their bound. */
class AggregateHeapCachesTest {

    @Test
    void anAggregateCacheKeepsItsEntriesThroughACollectionAndHoldsNoMoreThanItsBound() {
        TokenStoreConfiguration configuration = new TokenStoreConfiguration();
        try (CacheManager manager = configuration.emporiumCacheManager()) {
            Cache cache = configuration.aggregateHeapCaches(manager).apply("inventoryCache", 2L);
            assertThat(cache).isInstanceOf(EhCache3Adapter.class);

            Object item = new Object();
            cache.put("SKU-1", item);
            System.gc();
            assertThat((Object) cache.get("SKU-1")).isSameAs(item);

            cache.put("SKU-2", new Object());
            cache.put("SKU-3", new Object());
            assertThat(List.of("SKU-1", "SKU-2", "SKU-3").stream().filter(cache::containsKey)).hasSize(2);
        }
    }
}
