package io.emporium.platform.persistence;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's JDBC token store, as its auto-configuration would build it, but owned under a node id of its own per
 * application instance. Axon's default owner is the JVM's name ({@code pid@host}): two instances in one JVM
 * (the test suite keeps several application contexts alive) would then both believe they own the same
 * segments and project the same events side by side, and one could not reset a processor the other runs.
 */
@Configuration(proxyBeanMethods = false)
// Axon's own settings of the token store (axon.eventhandling.tokenstore.*), and Emporium's of the saga store.
@EnableConfigurationProperties({TokenStoreProperties.class, StorageProperties.class})
public class TokenStoreConfiguration {

    /** This application instance's name as a token owner, also used by the segment balancer's heartbeats. */
    @Bean
    public TokenOwner tokenOwner() {
        return new TokenOwner(nodeId());
    }

    /**
     * JDBC connections for Axon's JDBC stores: the connection of the Spring transaction in progress (a JPA
     * transaction exposes its JDBC connection), kept for the unit of work, as Axon's JDBC auto-configuration does.
     */
    @Bean
    @ConditionalOnMissingBean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * Axon's JDBC token store on {@code token_entry} (decision 0033): the rows the JPA token store wrote, without
     * Hibernate's entity work for every batch of every processor.
     */
    @Bean
    public TokenStore tokenStore(Serializer serializer, ConnectionProvider connectionProvider, TokenOwner owner,
                                 TokenStoreProperties axonTokenStore) {
        TokenSchema tokenEntry = TokenSchema.builder()
                                            .setTokenTable("token_entry")
                                            .setProcessorNameColumn("processor_name")
                                            .setSegmentColumn("segment")
                                            .setTokenColumn("token")
                                            .setTokenTypeColumn("token_type")
                                            .setTimestampColumn("timestamp")
                                            .setOwnerColumn("owner")
                                            .build();
        return JdbcTokenStore.builder()
                             .connectionProvider(connectionProvider)
                             .schema(tokenEntry)
                             .serializer(serializer)
                             .claimTimeout(axonTokenStore.getClaimTimeout())
                             .nodeId(owner.name())
                             .build();
    }

    /** Ehcache's manager of the platform's in-memory caches, closed with the context. */
    @Bean(destroyMethod = "close")
    public CacheManager emporiumCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    /**
     * Axon's JDBC saga store on {@code saga_entry} and {@code association_value_entry} (decision 0033): the rows
     * and the Jackson form the JPA saga store wrote, without Hibernate's entity work for every saga event. It joins
     * the saga processor's transaction through {@link #connectionProvider}. Association rows get their id from the
     * column default ({@code V3__saga_associations_numbered_by_the_database.sql}). Its writes wait for the end of
     * their transaction and go as JDBC batches ({@link TransactionBatchedSagaStore}, decision 0039).
     */
    @Bean
    public SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer,
                                       CacheManager emporiumCacheManager,
                                       StorageProperties storage) {
        SagaSchema tables = sagaTables();
        JdbcSagaStore store = JdbcSagaStore.builder()
                                           .connectionProvider(connectionProvider)
                                           .sqlSchema(new PostgresSagaSqlSchema(tables))
                                           .serializer(serializer)
                                           .build();
        // emporium.storage.saga-batched-writes: the saga writes of a transaction sent as JDBC batches just before it
        // commits (decision 0039); the JDBC store does every read.
        SagaStore<Object> written = storage.sagaBatchedWrites() ? new TransactionBatchedSagaStore(store, connectionProvider, serializer, tables)
                : store;
        if (!storage.sagaCache()) {
            return written;
        }
        // emporium.storage.saga-cache: sagas and their associations kept in memory between events, at most
        // saga-cache-entries of each (least recently used go first), only where one JVM holds the only saga
        // segment (standalone mode; decision 0034). Axon's adapter over Ehcache 3, on the heap.
        long entries = storage.sagaCacheEntries();
        return new RollbackSafeSagaCache<>(written, heapCache(emporiumCacheManager, "saga-associations", entries),
                                           heapCache(emporiumCacheManager, "sagas", entries));
    }

    /**
     * Heap caches bounded by entries on {@link #emporiumCacheManager}, for the aggregates' caches (decision 0035): a
     * module asks for one by its cache's name and size. A JDK type, so that the modules need neither the platform
     * nor Ehcache.
     */
    @Bean
    public BiFunction<String, Long, org.axonframework.common.caching.Cache> aggregateHeapCaches(
            CacheManager emporiumCacheManager) {
        return (name, entries) -> heapCache(emporiumCacheManager, name, entries);
    }

    /** The saga tables and columns the migrations create, as Axon's JDBC saga store names them. */
    static SagaSchema sagaTables() {
        return SagaSchema.builder()
                         .sagaEntryTable("saga_entry")
                         .revisionColumn("revision")
                         .serializedSagaColumn("serialized_saga")
                         .associationValueEntryTable("association_value_entry")
                         .associationKeyColumn("association_key")
                         .associationValueColumn("association_value")
                         .sagaIdColumn("saga_id")
                         .sagaTypeColumn("saga_type")
                         .build();
    }

    static EhCache3Adapter heapCache(CacheManager manager, String name, long entries) {
        Cache<Object, Object> cache = manager.createCache(name, CacheConfigurationBuilder
                .newCacheConfigurationBuilder(Object.class, Object.class, ResourcePoolsBuilder.heap(entries)));
        return new EhCache3Adapter((Ehcache<Object, Object>) cache);
    }

    static String nodeId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
