package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.events.SignallingEventStore;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Map;
import org.axonframework.common.caching.EhCache3Adapter;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.id.enhanced.SequenceStyleGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

@IntegrationTest
class StorageSchemaTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Autowired
    org.axonframework.config.Configuration axon;

    @Autowired
    ApplicationContext context;

    @Test
    void processorsReadEventsFromTheEmbeddedStoreThatSignalsNewEventsToThem() {
        assertThat(axon.eventStore()).isInstanceOf(SignallingEventStore.class);
        assertThat(axon.eventBus()).isSameAs(axon.eventStore());
    }

    @Test
    void everySerializedColumnOfAxonIsByteaInsideItsRow() {
        List<Map<String, Object>> columns = jdbc.queryForList("""
                SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'public' AND (table_name, column_name) IN (
                    ('domain_event_entry', 'payload'), ('domain_event_entry', 'meta_data'),
                    ('snapshot_event_entry', 'payload'), ('snapshot_event_entry', 'meta_data'),
                    ('token_entry', 'token'), ('saga_entry', 'serialized_saga'),
                    ('dead_letter_entry', 'payload'), ('dead_letter_entry', 'meta_data'),
                    ('dead_letter_entry', 'token'), ('dead_letter_entry', 'diagnostics'))
                """);

        assertThat(columns).hasSize(10);
        assertThat(columns).allSatisfy(column -> assertThat(column.get("data_type"))
                .as("%s.%s", column.get("table_name"), column.get("column_name"))
                .isEqualTo("bytea"));
    }

    @Test
    void noColumnAnywhereIsALargeObjectReference() {
        List<String> oidColumns = jdbc.queryForList("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND udt_name = 'oid'
                """, String.class);

        assertThat(oidColumns).isEmpty();
    }

    @Test
    void theGlobalEventSequenceAllocatesOneByOneInTheDatabaseAndInHibernate() {
        Long increment = jdbc.queryForObject(
                "SELECT increment_by FROM pg_sequences WHERE sequencename = 'domain_event_entry_seq'", Long.class);
        assertThat(increment).isEqualTo(1L);

        var generator = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
                                            .getMappingMetamodel()
                                            .getEntityDescriptor(DomainEventEntry.class)
                                            .getGenerator();
        assertThat(generator).isInstanceOf(SequenceStyleGenerator.class);
        SequenceStyleGenerator sequence = (SequenceStyleGenerator) generator;
        assertThat(sequence.getDatabaseStructure().getPhysicalName().getObjectName().getText())
                .isEqualTo("domain_event_entry_seq");
        assertThat(sequence.getDatabaseStructure().getIncrementSize()).isEqualTo(1);
    }

    @Test
    void theDatabaseNumbersEventsForAxonsJdbcEngineFromTheSameSequence() {
        String columnDefault = jdbc.queryForObject("""
                SELECT column_default FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = 'domain_event_entry' AND column_name = 'global_index'
                """, String.class);
        assertThat(columnDefault).isEqualTo("nextval('domain_event_entry_seq'::regclass)");
        assertThat(axon.eventStore()).extracting("storageEngine").isInstanceOf(JdbcEventStorageEngine.class);
    }

    @Test
    void theAggregatesAreCachedOnTheHeapByThePlatformsBoundedCaches() {
        for (String cache : List.of("orderCache", "paymentCache", "inventoryCache")) {
            assertThat(context.getBean(cache)).as(cache).isInstanceOf(EhCache3Adapter.class);
        }
    }

    @Test
    void flywayOwnsTheSchema() {
        Integer applied = jdbc.queryForObject(
                "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'", Integer.class);
        assertThat(applied).isEqualTo(1);
    }
}
