package io.emporium.projections.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link AtomicSteps} on a JDBC savepoint of the transaction the event processor opened. Needed on
 * PostgreSQL in particular: a failed statement aborts the whole transaction ("current transaction is
 * aborted"), so without rolling back to a savepoint one poisoned event would fail its whole batch, and the
 * dead letter that records it would be rolled back with it. Outside a transaction the step simply runs.
 *
 * <p>A step that succeeds leaves its savepoint in place rather than releasing it: {@code RELEASE SAVEPOINT} is a
 * round trip of its own for every event and changes nothing that matters here. PostgreSQL keeps a savepoint's work
 * in its transaction either way (a released subtransaction's changes merge into its parent, whose commit makes them
 * durable), a later rollback to an earlier savepoint discards the later ones with it, and the commit or rollback of
 * the batch ends them all (decision 0037).
 */
public final class JdbcSavepoints implements AtomicSteps {

    private final DataSource dataSource;

    public JdbcSavepoints(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T atomically(Supplier<T> step) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return step.get();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Savepoint savepoint = setSavepoint(connection);
            T result;
            try {
                result = step.get();
            } catch (RuntimeException | Error failure) {
                rollback(connection, savepoint, failure);
                throw failure;
            }
            return result;
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static Savepoint setSavepoint(Connection connection) {
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot set a savepoint", e);
        }
    }

    private static void rollback(Connection connection, Savepoint savepoint, Throwable failure) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
