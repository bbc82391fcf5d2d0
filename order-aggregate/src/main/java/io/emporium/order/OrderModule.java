package io.emporium.order;

import java.util.function.BiFunction;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The order aggregate as a Spring module. Imported by the standalone assembly and later by the order
 * service, so that neither has to component-scan this package (several application classes on one
 * classpath would otherwise scan each other). Axon's auto-configuration finds the imported
 * {@code @Aggregate} and registers its command handlers and repository.
 */
@Configuration(proxyBeanMethods = false)
@Import(Order.class)
@EnableConfigurationProperties(OrderProperties.class)
public class OrderModule {

    /** Must match {@code @Aggregate(cache = ...)} on {@link Order}. */
    public static final String CACHE = "orderCache";

    /**
     * Orders loaded by a command stay in memory for the next one, as inventory items do (decision
     * 0027): the saga's confirmation or rejection follows the placement within moments. {@code emporium.order.cache}
     * (default true) turns it off.
     */
    @Bean(CACHE)
    public Cache orderCache(OrderProperties properties, ObjectProvider<BiFunction<String, Long, Cache>> heapCaches) {
        if (!properties.cache()) {
            return NoCache.INSTANCE;
        }
        // On the heap, at most `entries` aggregates, least recently used first out, from the application's caches
        // (decision 0035); weak references where it has none (a young GC empties them).
        BiFunction<String, Long, Cache> heap = heapCaches.getIfAvailable();
        return heap == null ? new WeakReferenceCache() : heap.apply(CACHE, properties.cacheEntries());
    }
}
