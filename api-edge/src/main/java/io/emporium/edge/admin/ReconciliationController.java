package io.emporium.edge.admin;

import io.emporium.edge.apidoc.ApiTags;
import io.emporium.edge.query.QueryDispatcher;
import io.emporium.edge.query.QueryProperties;
import io.emporium.messages.projection.FindDiscrepancies;
import io.emporium.messages.projection.ReconciliationReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/reconciliation}: checks the books (stock, orders, payments, read models) against the event
 * store and answers every discrepancy, through the contract's {@link FindDiscrepancies}. The run has its own budget
 * in the projections module; this endpoint waits {@code emporium.edge.queries.reconciliation-timeout} for it.
 */
@Tag(name = ApiTags.ADMIN)
@RestController
public class ReconciliationController {

    private final QueryDispatcher queries;
    private final Duration timeout;

    public ReconciliationController(QueryDispatcher queries, QueryProperties properties) {
        this.queries = queries;
        this.timeout = properties.reconciliationTimeout();
    }

    @Operation(summary = "Reconcile the books",
               description = "Reads the event store once up to its head and the read models page by page, and "
                       + "answers every discrepancy: stock that does not balance, reservations or payments held by "
                       + "ended orders, a confirmed order without exactly one authorization of its total, an order, "
                       + "payment or reservation recorded twice, read-model rows that differ from their events. "
                       + "Orders still in flight are counted, not reported. complete=false when the run stopped "
                       + "at its time or event budget.")
    @GetMapping(path = "/api/admin/reconciliation", produces = MediaType.APPLICATION_JSON_VALUE)
    public ReconciliationReport reconciliation() {
        return queries.ask(new FindDiscrepancies(), ReconciliationReport.class, timeout);
    }
}
