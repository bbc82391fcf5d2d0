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
            release(connection, savepoint);
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

    private static void release(Connection connection, Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot release a savepoint", e);
        }
    }
}
