package io.emporium.platform.persistence;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's JDBC token store, as its auto-configuration would build it, but owned under a node id of its own per
 * application instance. Axon's default owner is the JVM's name ({@code pid@host}): two instances in one JVM
 * (the test suite keeps several application contexts alive) would then both believe they own the same
 * segments and project the same events side by side, and one could not reset a processor the other runs.
 */
@Configuration(proxyBeanMethods = false)
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
                                 @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
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
                             .claimTimeout(claimTimeout)
                             .nodeId(owner.name())
                             .build();
    }

    /**
     * Axon's JDBC saga store on {@code saga_entry} and {@code association_value_entry} (decision 0033): the rows
     * and the Jackson form the JPA saga store wrote, without Hibernate's entity work for every saga event. It joins
     * the saga processor's transaction through {@link #connectionProvider}. Association rows get their id from the
     * column default ({@code V3__saga_associations_numbered_by_the_database.sql}).
     */
    @Bean
    public SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        SagaSchema tables = SagaSchema.builder()
                                      .sagaEntryTable("saga_entry")
                                      .revisionColumn("revision")
                                      .serializedSagaColumn("serialized_saga")
                                      .associationValueEntryTable("association_value_entry")
                                      .associationKeyColumn("association_key")
                                      .associationValueColumn("association_value")
                                      .sagaIdColumn("saga_id")
                                      .sagaTypeColumn("saga_type")
                                      .build();
        return JdbcSagaStore.builder()
                            .connectionProvider(connectionProvider)
                            .sqlSchema(new PostgresSagaSqlSchema(tables))
                            .serializer(serializer)
                            .build();
    }

    static String nodeId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
