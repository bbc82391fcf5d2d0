package io.emporium.projections.reconciliation;

import io.emporium.messages.projection.FindDiscrepancies;
import io.emporium.messages.projection.ReconciliationReport;
import io.emporium.projections.admin.ProjectionOperations;
import java.time.Clock;
import java.util.function.Supplier;
import org.axonframework.config.Configuration;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Answers the contract's {@link FindDiscrepancies} with a run of {@link Reconciliation} on the caller's thread. */
public class ReconciliationHandler {

    private final Supplier<Configuration> axon;
    private final ReadModelRows readModels;
    private final ReconciliationProperties budget;
    private final Clock clock;

    public ReconciliationHandler(Supplier<Configuration> axon, NamedParameterJdbcTemplate jdbc,
                                 ProjectionOperations projections, ReconciliationProperties budget, Clock clock) {
        this.axon = axon;
        this.readModels = new JdbcReadModelRows(jdbc, projections);
        this.budget = budget;
        this.clock = clock;
    }

    @QueryHandler
    public ReconciliationReport handle(FindDiscrepancies query) {
        return new Reconciliation(axon.get().eventStore(), readModels, budget, clock).run();
    }
}
