package io.emporium.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The saga store whose writes wait for their transaction's commit, on PostgreSQL with the platform's schema: what it
 * stores is what Axon's JDBC saga store stores, nothing reaches the tables before the commit, a rollback leaves
 * nothing, and reads in the transaction see its own writes.
 */
class TransactionBatchedSagaStoreTest {

    /** A saga's state as Jackson stores it. */
    public static final class Counter {

        public int events;

        public Counter() {
        }

        Counter(int events) {
            this.events = events;
        }
    }

    static final AssociationValue ORDER = new AssociationValue("orderId", "order-1");
    static final AssociationValue PAYMENT = new AssociationValue("paymentId", "payment-1");

    final String database = "emporium_test_sagastore_" + UUID.randomUUID().toString().substring(0, 8);
    final String url = DatabaseBootstrapTest.SERVER + "/" + database;
    DriverManagerDataSource dataSource;
    TransactionTemplate transaction;
    JdbcTemplate jdbc;
    JdbcSagaStore jdbcStore;
    SagaStore<Object> store;

    @BeforeEach
    void schema() {
        DatabaseBootstrap.ensureDatabaseExists(url, DatabaseBootstrapTest.user().getProperty("user"),
                DatabaseBootstrapTest.user().getProperty("password"));
        dataSource = new DriverManagerDataSource(url, DatabaseBootstrapTest.user());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        jdbc = new JdbcTemplate(dataSource);
        SagaSchema tables = TokenStoreConfiguration.sagaTables();
        SpringDataSourceConnectionProvider connections = new SpringDataSourceConnectionProvider(dataSource);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        jdbcStore = JdbcSagaStore.builder()
                                 .connectionProvider(connections)
                                 .sqlSchema(new PostgresSagaSqlSchema(tables))
                                 .serializer(serializer)
                                 .build();
        store = new TransactionBatchedSagaStore(jdbcStore, connections, serializer, tables);
    }

    @AfterEach
    void dropTheDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(DatabaseBootstrapTest.SERVER + "/postgres",
                DatabaseBootstrapTest.user());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    long rows(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    void inTransaction(Runnable work) {
        transaction.executeWithoutResult(status -> work.run());
    }

    @Test
    void aTransactionsWritesReachTheTablesOnlyWhenItCommits() {
        inTransaction(() -> {
            store.insertSaga(Counter.class, "saga-1", new Counter(1), Set.of(ORDER));
            // The transaction's own connection: a write sent at once would be counted here.
            assertThat(rows("saga_entry")).as("saga rows before the commit").isZero();
            assertThat(rows("association_value_entry")).as("association rows before the commit").isZero();
        });

        assertThat(rows("saga_entry")).isEqualTo(1);
        assertThat(jdbcStore.findSagas(Counter.class, ORDER)).containsExactly("saga-1");
        assertThat(((Counter) jdbcStore.loadSaga(Counter.class, "saga-1").saga()).events).isEqualTo(1);
    }

    @Test
    void theRowsAreTheOnesAxonsJdbcSagaStoreWrites() {
        inTransaction(() -> store.insertSaga(Counter.class, "batched", new Counter(7), Set.of(ORDER)));
        inTransaction(() -> jdbcStore.insertSaga(Counter.class, "axon", new Counter(7), Set.of(ORDER)));

        String row = "SELECT saga_type, revision, serialized_saga FROM saga_entry WHERE saga_id = ?";
        Map<String, Object> batched = jdbc.queryForMap(row, "batched");
        Map<String, Object> axon = jdbc.queryForMap(row, "axon");
        assertThat(batched.get("saga_type")).isEqualTo(axon.get("saga_type"));
        assertThat(batched.get("revision")).isEqualTo(axon.get("revision"));
        assertThat((byte[]) batched.get("serialized_saga")).isEqualTo((byte[]) axon.get("serialized_saga"));
        String association = "SELECT association_key, association_value, saga_type FROM association_value_entry "
                + "WHERE saga_id = ?";
        assertThat(jdbc.queryForMap(association, "batched")).isEqualTo(jdbc.queryForMap(association, "axon"));
    }

    @Test
    void aRolledBackTransactionLeavesNothing() {
        transaction.executeWithoutResult(status -> {
            store.insertSaga(Counter.class, "saga-1", new Counter(1), Set.of(ORDER));
            status.setRollbackOnly();
        });

        assertThat(rows("saga_entry")).isZero();
        assertThat(rows("association_value_entry")).isZero();
        // Nothing of the rolled-back transaction waits any more to be sent with the next one.
        inTransaction(() -> store.insertSaga(Counter.class, "saga-2", new Counter(2), Set.of(PAYMENT)));
        assertThat(jdbc.queryForList("SELECT saga_id FROM saga_entry", String.class)).containsExactly("saga-2");
    }

    @Test
    void aReadInTheTransactionSeesTheWritesWaitingInIt() {
        inTransaction(() -> {
            store.insertSaga(Counter.class, "saga-1", new Counter(3), Set.of(ORDER));
            assertThat(store.findSagas(Counter.class, ORDER)).containsExactly("saga-1");
            assertThat(((Counter) store.loadSaga(Counter.class, "saga-1").saga()).events).isEqualTo(3);
        });
    }

    @Test
    void updatesChangeTheStateAndTheAssociationsAndADeleteRemovesBoth() {
        inTransaction(() -> store.insertSaga(Counter.class, "saga-1", new Counter(1), Set.of(ORDER)));
        AssociationValuesImpl associations = new AssociationValuesImpl(Set.of(ORDER));
        associations.add(PAYMENT);
        associations.remove(ORDER);
        inTransaction(() -> store.updateSaga(Counter.class, "saga-1", new Counter(2), associations));

        assertThat(((Counter) jdbcStore.loadSaga(Counter.class, "saga-1").saga()).events).isEqualTo(2);
        assertThat(jdbcStore.findSagas(Counter.class, PAYMENT)).containsExactly("saga-1");
        assertThat(jdbcStore.findSagas(Counter.class, ORDER)).isEmpty();

        inTransaction(() -> store.deleteSaga(Counter.class, "saga-1", Set.of(PAYMENT)));
        assertThat(rows("saga_entry")).isZero();
        assertThat(rows("association_value_entry")).isZero();
    }

    @Test
    void writesToOneSagaInOneTransactionKeepTheirOrder() {
        inTransaction(() -> {
            store.insertSaga(Counter.class, "ended", new Counter(1), Set.of(ORDER));
            store.deleteSaga(Counter.class, "ended", Set.of(ORDER));
            store.insertSaga(Counter.class, "changed", new Counter(1), Set.of(PAYMENT));
            store.updateSaga(Counter.class, "changed", new Counter(5), new AssociationValuesImpl(Set.of(PAYMENT)));
        });

        assertThat(jdbc.queryForList("SELECT saga_id FROM saga_entry", String.class)).containsExactly("changed");
        assertThat(jdbcStore.findSagas(Counter.class, ORDER)).isEmpty();
        assertThat(((Counter) jdbcStore.loadSaga(Counter.class, "changed").saga()).events).isEqualTo(5);
    }

    @Test
    void anUpdateOfASagaWithoutARowChangesNoAssociationAsAxonsStoreDoes() {
        AssociationValuesImpl associations = new AssociationValuesImpl(Set.of());
        associations.add(ORDER);
        inTransaction(() -> store.updateSaga(Counter.class, "missing", new Counter(1), associations));

        assertThat(rows("saga_entry")).isZero();
        assertThat(rows("association_value_entry")).isZero();
    }

    @Test
    void withoutATransactionEveryWriteIsSentAtOnce() {
        store.insertSaga(Counter.class, "saga-1", new Counter(1), Set.of(ORDER));

        assertThat(rows("saga_entry")).isEqualTo(1);
        assertThat(jdbcStore.findSagas(Counter.class, ORDER)).containsExactly("saga-1");
    }
}
