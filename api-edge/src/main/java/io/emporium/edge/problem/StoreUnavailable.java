package io.emporium.edge.problem;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means that a store the edge needs (PostgreSQL: the event store, the read models, the
 * idempotency keys) cannot be reached for the moment. Such a request is answered 503 with {@code Retry-After}, not
 * 500: nothing is wrong with it, and repeating it once the store is back is safe (its Idempotency-Key or its ids make
 * a repeat idempotent).
 */
final class StoreUnavailable {

    private static final int MAX_CAUSE_DEPTH = 16;
    /** SQLSTATE classes: connection exception, insufficient resources, operator intervention (shutdown). */
    private static final Set<String> UNAVAILABLE_SQL_STATE_CLASSES = Set.of("08", "53", "57");

    private StoreUnavailable() {
    }

    static boolean causes(Throwable failure) {
        Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH && visited.add(cause);
             depth++, cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessResourceException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && UNAVAILABLE_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
        }
        return false;
    }
}
