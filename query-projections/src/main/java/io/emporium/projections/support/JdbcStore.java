package io.emporium.projections.support;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** What every read-model store on PostgreSQL shares: its JDBC template and how it runs a step atomically. */
public abstract class JdbcStore {

    protected final NamedParameterJdbcTemplate jdbc;
    private final AtomicSteps steps;

    protected JdbcStore(NamedParameterJdbcTemplate jdbc, AtomicSteps steps) {
        this.jdbc = jdbc;
        this.steps = steps;
    }

    public <T> T atomically(Supplier<T> step) {
        return steps.atomically(step);
    }

    /** The only row a lookup by key found, or null when there is none. */
    protected static <T> T firstOrNull(List<T> rows) {
        return rows.isEmpty() ? null : rows.get(0);
    }
}
