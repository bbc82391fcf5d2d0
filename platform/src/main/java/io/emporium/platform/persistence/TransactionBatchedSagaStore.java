package io.emporium.platform.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jpa.SagaEntry;
import org.axonframework.modelling.saga.SagaStorageException;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's JDBC saga store, except that its writes wait for the end of the Spring transaction they belong to and then
 * go to PostgreSQL as one JDBC batch per kind of statement (decision 0039).
 *
 * <p>Axon's saga repository writes every saga a unit of work touched when that unit of work prepares to commit: one
 * {@code UPDATE} per saga, an {@code INSERT} of the saga and one of each association for a new one, two
 * {@code DELETE}s for an ended one, each its own round trip in {@link JdbcSagaStore}. A batch of the saga processor
 * touches several sagas, so its writes become a handful of batches sent just before the transaction commits
 * ({@link TransactionSynchronization#beforeCommit}), on the same connection and in the same transaction as the
 * processor's token. The rows and the serialized form are exactly {@link JdbcSagaStore}'s (its {@link SagaEntry}),
 * which still does every read.
 *
 * <p>Nothing reads a write that waits: every read first sends what waits in its transaction. A rolled-back
 * transaction drops what waited. Without an active transaction synchronization (no Spring transaction), every write
 * is sent at once, as {@link JdbcSagaStore} does.
 *
 * <p>Writes to different sagas touch different rows, so they are sent grouped by statement. Writes to the same saga
 * in one transaction keep their order: the first write of every saga is sent, then the second, and so on.
 */
public class TransactionBatchedSagaStore implements SagaStore<Object> {

    private static final Logger log = LoggerFactory.getLogger(TransactionBatchedSagaStore.class);

    private final JdbcSagaStore reads;
    private final ConnectionProvider connections;
    private final Serializer serializer;
    private final String insertSaga;
    private final String updateSaga;
    private final String deleteSaga;
    private final String insertAssociation;
    private final String deleteAssociation;
    private final String deleteAssociations;
    /** This store's key for the writes of the current transaction among the transaction's resources. */
    private final Object pendingKey = new Object();

    /**
     * @param reads       the JDBC saga store on the same tables, which does every read
     * @param connections the connections of the transaction in progress, as {@code reads} gets them
     * @param serializer  the serializer {@code reads} uses
     * @param tables      the tables and columns {@code reads} uses
     */
    public TransactionBatchedSagaStore(JdbcSagaStore reads, ConnectionProvider connections, Serializer serializer,
                                       SagaSchema tables) {
        this.reads = reads;
        this.connections = connections;
        this.serializer = serializer;
        String sagas = tables.sagaEntryTable();
        String associations = tables.associationValueEntryTable();
        this.insertSaga = "INSERT INTO " + sagas + " (" + tables.sagaIdColumn() + ", " + tables.revisionColumn() + ", "
                + tables.sagaTypeColumn() + ", " + tables.serializedSagaColumn() + ") VALUES (?, ?, ?, ?)";
        this.updateSaga = "UPDATE " + sagas + " SET " + tables.serializedSagaColumn() + " = ?, "
                + tables.revisionColumn() + " = ? WHERE " + tables.sagaIdColumn() + " = ?";
        this.deleteSaga = "DELETE FROM " + sagas + " WHERE " + tables.sagaIdColumn() + " = ?";
        this.insertAssociation = "INSERT INTO " + associations + " (" + tables.associationKeyColumn() + ", "
                + tables.associationValueColumn() + ", " + tables.sagaTypeColumn() + ", " + tables.sagaIdColumn()
                + ") VALUES (?, ?, ?, ?)";
        this.deleteAssociation = "DELETE FROM " + associations + " WHERE " + tables.associationKeyColumn() + " = ? AND "
                + tables.associationValueColumn() + " = ? AND " + tables.sagaTypeColumn() + " = ? AND "
                + tables.sagaIdColumn() + " = ?";
        this.deleteAssociations = "DELETE FROM " + associations + " WHERE " + tables.sagaIdColumn() + " = ?";
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        sendWaitingWrites();
        return reads.findSagas(sagaType, associationValue);
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        sendWaitingWrites();
        return reads.loadSaga(sagaType, sagaIdentifier);
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           Set<AssociationValue> associationValues) {
        write(new Write(Kind.INSERT, typeName(sagaType), new SagaEntry<>(saga, sagaIdentifier, serializer),
                        sagaIdentifier, List.copyOf(associationValues), List.of()));
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                           AssociationValues associationValues) {
        // The repository commits the association changes right after this call: they are copied now.
        write(new Write(Kind.UPDATE, typeName(sagaType), new SagaEntry<>(saga, sagaIdentifier, serializer),
                        sagaIdentifier, List.copyOf(associationValues.addedAssociations()),
                        List.copyOf(associationValues.removedAssociations())));
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        write(new Write(Kind.DELETE, typeName(sagaType), null, sagaIdentifier, List.of(), List.of()));
    }

    private String typeName(Class<?> sagaType) {
        return serializer.typeForClass(sagaType).getName();
    }

    private void write(Write write) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send(List.of(write));
            return;
        }
        Waiting waiting = (Waiting) TransactionSynchronizationManager.getResource(pendingKey);
        if (waiting == null) {
            waiting = new Waiting();
            TransactionSynchronizationManager.bindResource(pendingKey, waiting);
            TransactionSynchronizationManager.registerSynchronization(waiting);
        }
        waiting.writes.add(write);
    }

    /** Sends the current transaction's waiting writes, if any. */
    private void sendWaitingWrites() {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getResource(pendingKey) instanceof Waiting waiting) {
            waiting.send();
        }
    }

    /** Sends {@code writes}: the n-th write of every saga in the n-th round, each round grouped by statement. */
    private void send(List<Write> writes) {
        Map<String, Integer> writesPerSaga = new HashMap<>();
        List<List<Write>> rounds = new ArrayList<>();
        for (Write write : writes) {
            int round = writesPerSaga.merge(write.sagaId(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(write);
        }
        Connection connection = null;
        try {
            connection = connections.getConnection();
            for (List<Write> round : rounds) {
                send(connection, round);
            }
        } catch (SQLException e) {
            throw new SagaStorageException("Exception while writing sagas", e);
        } finally {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    log.debug("Closing the saga store's connection failed", e);
                }
            }
        }
    }

    /** One round: writes of different sagas, so in any order; the statements as {@link JdbcSagaStore} sends them. */
    private void send(Connection connection, List<Write> round) throws SQLException {
        List<Write> deletes = round.stream().filter(write -> write.kind() == Kind.DELETE).toList();
        List<Write> inserts = round.stream().filter(write -> write.kind() == Kind.INSERT).toList();
        List<Write> updates = round.stream().filter(write -> write.kind() == Kind.UPDATE).toList();
        batch(connection, deleteAssociations, deletes, (statement, write) -> statement.setString(1, write.sagaId()));
        batch(connection, deleteSaga, deletes, (statement, write) -> statement.setString(1, write.sagaId()));
        batch(connection, insertSaga, inserts, (statement, write) -> {
            statement.setString(1, write.sagaId());
            statement.setString(2, write.entry().getRevision());
            statement.setString(3, write.entry().getSagaType());
            statement.setBytes(4, write.entry().getSerializedSaga());
        });
        int[] updated = batch(connection, updateSaga, updates, (statement, write) -> {
            statement.setBytes(1, write.entry().getSerializedSaga());
            statement.setString(2, write.entry().getRevision());
            statement.setString(3, write.sagaId());
        });
        // As JdbcSagaStore: an update that found no saga row changes none of its associations.
        List<Write> stored = new ArrayList<>(inserts);
        for (int i = 0; i < updates.size(); i++) {
            if (updated[i] == 0) {
                log.warn("Expected to update saga {}, but no row was found", updates.get(i).sagaId());
            } else {
                stored.add(updates.get(i));
            }
        }
        List<Association> added = new ArrayList<>();
        List<Association> removed = new ArrayList<>();
        for (Write write : stored) {
            write.added().forEach(value -> added.add(new Association(write, value)));
            write.removed().forEach(value -> removed.add(new Association(write, value)));
        }
        StatementFiller<Association> association = (statement, entry) -> {
            statement.setString(1, entry.value().getKey());
            statement.setString(2, entry.value().getValue());
            statement.setString(3, entry.write().typeName());
            statement.setString(4, entry.write().sagaId());
        };
        batch(connection, insertAssociation, added, association);
        batch(connection, deleteAssociation, removed, association);
    }

    /** One JDBC batch of {@code sql}, one entry per item; no round trip for no item. Its update counts. */
    private static <T> int[] batch(Connection connection, String sql, List<T> items, StatementFiller<T> filler)
            throws SQLException {
        if (items.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T item : items) {
                filler.fill(statement, item);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // A driver that does not count says so; the row is taken to be there.
                counts[i] = counts[i] == Statement.SUCCESS_NO_INFO ? 1 : counts[i];
            }
            return counts;
        }
    }

    @FunctionalInterface
    private interface StatementFiller<T> {

        void fill(PreparedStatement statement, T item) throws SQLException;
    }

    private enum Kind { INSERT, UPDATE, DELETE }

    /** One saga write as the repository asked for it; {@code entry} is the saga serialized at that moment. */
    private record Write(Kind kind, String typeName, SagaEntry<?> entry, String sagaId, List<AssociationValue> added,
                         List<AssociationValue> removed) {
    }

    private record Association(Write write, AssociationValue value) {
    }

    /** The writes waiting in one transaction, sent before it commits and dropped when it ends. */
    private final class Waiting implements TransactionSynchronization {

        private final List<Write> writes = new ArrayList<>();

        void send() {
            if (!writes.isEmpty()) {
                List<Write> batch = List.copyOf(writes);
                writes.clear();
                TransactionBatchedSagaStore.this.send(batch);
            }
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            send();
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(pendingKey);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(pendingKey, this);
        }

        @Override
        public void afterCompletion(int status) {
            writes.clear();
            TransactionSynchronizationManager.unbindResourceIfPossible(pendingKey);
        }
    }
}
