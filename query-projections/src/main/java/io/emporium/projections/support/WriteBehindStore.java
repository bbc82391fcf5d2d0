package io.emporium.projections.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A read-model store for a rebuild: the projection's own handlers change rows in memory, and the rows a batch of
 * events changed are written when the batch commits, each table's rows as one JDBC batch, in the transaction that
 * stores the processor's token. An order placed, reserved and confirmed within one batch is thus one row written
 * once instead of a statement per event.
 * <p>
 * Two rules keep it equal to the live stores, which apply each event with its own guarded statements:
 * <ul>
 *   <li>A rebuild starts from empty tables and commits each batch with its token, so an event that creates a row
 *       (an order placed, a product registered, a payment requested) finds no row unless this store made it: such an
 *       event is not checked against the database. Every other event reads a row the cache does not hold.</li>
 *   <li>When anything fails in a batch (a projection step, or the database refusing a row), the whole batch is rolled
 *       back, its dead letters with it, and the processor projects it again one event at a time: each event is then
 *       applied and written in a savepoint of its own, creating events are checked against the database too, and an
 *       event that fails is parked in the dead-letter queue exactly as the live projection parks it. The batch after
 *       that is written in one piece again.</li>
 * </ul>
 * One event processor thread uses a store; its tables are named by {@code schema}.
 */
public abstract class WriteBehindStore implements AtomicSteps {

    private static final Logger log = LoggerFactory.getLogger(WriteBehindStore.class);

    protected final JdbcTemplate jdbc;
    protected final String schema;
    private final JdbcSavepoints savepoints;
    private final String batchResource = getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this));
    /** Batches up to this stream position are projected one event at a time (after a batch that failed). */
    private long oneByOneThrough = Long.MIN_VALUE;
    private boolean oneByOne;
    private boolean stepFailed;

    protected WriteBehindStore(JdbcTemplate jdbc, JdbcSavepoints savepoints, String schema) {
        this.jdbc = jdbc;
        this.savepoints = savepoints;
        this.schema = schema;
    }

    @Override
    public final <T> T atomically(Supplier<T> step) {
        joinBatch();
        if (!oneByOne) {
            try {
                return step.get();
            } catch (RuntimeException | Error failed) {
                // The rows in memory may hold half of this step: the batch must not be written.
                stepFailed = true;
                throw failed;
            }
        }
        try {
            return savepoints.atomically(() -> {
                T result = step.get();
                write();
                return result;
            });
        } catch (RuntimeException | Error failed) {
            forget();
            throw failed;
        }
    }

    /** Whether events that create rows are checked against the database (one event at a time only). */
    protected final boolean exact() {
        return oneByOne;
    }

    /** Writes the rows changed since the last write, one statement per table ({@link #writeRows}). */
    protected abstract void write();

    /**
     * Runs {@code sql} once for all {@code rows}: each column goes as one array parameter, of the PostgreSQL type
     * named in {@code arrayTypes} ({@code varchar}, {@code text}, {@code int4}, {@code int8}), which the statement
     * turns back into rows with {@code unnest}. One round trip and one statement for a table's rows of a batch,
     * where a JDBC batch sends and executes a statement per row (decision 0049 measures both). Timestamps travel as
     * ISO-8601 text and are cast in the statement, so no precision is lost on the way.
     */
    protected final void writeRows(String sql, String[] arrayTypes, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int column = 0; column < arrayTypes.length; column++) {
                    Object[] values = new Object[rows.size()];
                    for (int row = 0; row < values.length; row++) {
                        values[row] = rows.get(row)[column];
                    }
                    statement.setArray(column + 1, connection.createArrayOf(arrayTypes[column], values));
                }
                return statement.executeUpdate();
            }
        });
    }

    /** Drops every row held in memory: after a rollback the database is the truth. */
    protected abstract void forget();

    private void joinBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        if (batch.resources().putIfAbsent(batchResource, Boolean.TRUE) != null) {
            return;
        }
        oneByOne = firstPosition(batch) <= oneByOneThrough;
        stepFailed = false;
        batch.onPrepareCommit(unitOfWork -> {
            if (stepFailed) {
                throw new IllegalStateException("A projection step failed in a batch of the rebuild; the batch is "
                                                        + "projected again one event at a time");
            }
            write();
        });
        batch.onRollback(unitOfWork -> {
            forget();
            long last = lastPosition(unitOfWork);
            if (!oneByOne) {
                log.info("A batch of the rebuild into {} was rolled back; its events (up to position {}) are projected "
                                 + "again one at a time", schema, last);
            }
            oneByOneThrough = Math.max(oneByOneThrough, last);
        });
    }

    /** The stream position of the batch's first event ({@code Long.MAX_VALUE} when unknown: never one by one). */
    private static long firstPosition(UnitOfWork<?> batch) {
        List<? extends Message<?>> messages = messages(batch);
        return messages.isEmpty() ? Long.MAX_VALUE : position(messages.get(0), Long.MAX_VALUE);
    }

    /** The stream position of the batch's last event ({@code Long.MAX_VALUE} when unknown: one by one until done). */
    private static long lastPosition(UnitOfWork<?> batch) {
        List<? extends Message<?>> messages = messages(batch);
        return messages.isEmpty() ? Long.MAX_VALUE : position(messages.get(messages.size() - 1), Long.MAX_VALUE);
    }

    private static List<? extends Message<?>> messages(UnitOfWork<?> unitOfWork) {
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
            return batch.getMessages();
        }
        return unitOfWork.getMessage() == null ? List.of() : List.of(unitOfWork.getMessage());
    }

    private static long position(Message<?> message, long unknown) {
        if (message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null) {
            return tracked.trackingToken().position().orElse(unknown);
        }
        return unknown;
    }
}
