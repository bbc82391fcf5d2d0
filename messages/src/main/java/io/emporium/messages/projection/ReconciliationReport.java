package io.emporium.messages.projection;

import java.time.Instant;
import java.util.List;

/**
 * The answer of a reconciliation run. {@code complete} is false when the run stopped at its time or event budget
 * before the head of the event store captured at {@code startedAt}; what it checked up to there is still reported.
 * Orders still in flight (not final, or whose saga is still running) are counted, never reported.
 */
public record ReconciliationReport(Instant startedAt, Instant finishedAt, boolean complete, long eventsRead,
                                   long ordersChecked, long ordersInFlight, long skusChecked, long paymentsChecked,
                                   List<Discrepancy> discrepancies) {

    public ReconciliationReport {
        discrepancies = List.copyOf(discrepancies);
    }
}
