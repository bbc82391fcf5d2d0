package io.emporium.platform.events;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store when events are kept in PostgreSQL (Axon Server disabled): Axon's JDBC storage engine on the
 * tables Flyway owns, and Axon's embedded store over it, whose streams wake pooled processors as soon as new events
 * are readable ({@link SignallingEventStore}). With Axon Server, neither bean exists and Axon Server's event store
 * is used.
 *
 * <p>The JDBC engine (decision 0035) replaced Axon's JPA engine, which paid a {@code nextval} round trip, an
 * entity {@code persist} and a Hibernate flush for every event, and a JPA query for every fetch. It writes the
 * same rows: the global index comes from the column's default ({@code V4__event_global_index_by_column_default.sql}),
 * a unit of work's events go in one JDBC batch, and tokens, gaps and snapshots are the ones the JPA engine kept.
 * Axon's JPA entities of events and snapshots stay registered, so Hibernate still validates those tables.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
@EnableConfigurationProperties(EventStorageProperties.class)
public class EventStoreConfiguration {

    /** The tables and columns of {@code V1__axon_infrastructure.sql}, in the names Hibernate gave them. */
    static EventSchema eventSchema() {
        return EventSchema.builder()
                          .eventTable("domain_event_entry")
                          .snapshotTable("snapshot_event_entry")
                          .globalIndexColumn("global_index")
                          .timestampColumn("time_stamp")
                          .eventIdentifierColumn("event_identifier")
                          .aggregateIdentifierColumn("aggregate_identifier")
                          .sequenceNumberColumn("sequence_number")
                          .typeColumn("type")
                          .payloadTypeColumn("payload_type")
                          .payloadRevisionColumn("payload_revision")
                          .payloadColumn("payload")
                          .metaDataColumn("meta_data")
                          .build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventStorageProperties properties) {
        return engine(serializer, eventSerializer, persistenceExceptionResolver, configuration, connectionProvider,
                      transactionManager, properties, properties.fetchSize());
    }

    /**
     * The event stream rebuilds of the read models read (decision 0049): the same rows through a storage engine of its
     * own that fetches {@code emporium.events.bulk-fetch-size} events per query, under an embedded store that only
     * reads. Not an {@code EventStore} bean, so Axon's configuration still sees one event store.
     */
    @Bean(name = BulkEventSource.BEAN_NAME, destroyMethod = "close")
    BulkEventSource rebuildEventSource(Serializer serializer,
                                       @Qualifier("eventSerializer") Serializer eventSerializer,
                                       PersistenceExceptionResolver persistenceExceptionResolver,
                                       org.axonframework.config.Configuration configuration,
                                       ConnectionProvider connectionProvider,
                                       TransactionManager transactionManager,
                                       EventStorageProperties properties) {
        return new BulkEventSource(engine(serializer, eventSerializer, persistenceExceptionResolver, configuration,
                                          connectionProvider, transactionManager, properties,
                                          properties.bulkFetchSize()));
    }

    private static JdbcEventStorageEngine engine(Serializer serializer, Serializer eventSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 EventStorageProperties properties, int fetchSize) {
        return JdbcEventStorageEngine.builder()
                                     .snapshotSerializer(serializer)
                                     .upcasterChain(configuration.upcasterChain())
                                     .persistenceExceptionResolver(persistenceExceptionResolver)
                                     .eventSerializer(eventSerializer)
                                     .snapshotFilter(configuration.snapshotFilter())
                                     .connectionProvider(connectionProvider)
                                     .transactionManager(transactionManager)
                                     .schema(eventSchema())
                                     .dataType(byte[].class)
                                     .batchSize(fetchSize)
                                     .gapTimeout((int) properties.gapTimeout().toMillis())
                                     .build();
    }

    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration) {
        return new SignallingEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class)));
    }
}
