package io.emporium.projections.reconciliation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Budget of a reconciliation run, under {@code emporium.reconciliation}. A run that reaches either limit before the
 * head of the event store stops and answers what it checked so far, with {@code complete=false}.
 *
 * @param maxDuration how long a run may take, reading the events and the read models
 * @param maxEvents   how many events a run may read
 * @param pageSize    read-model rows read per query
 */
@ConfigurationProperties("emporium.reconciliation")
public record ReconciliationProperties(@DefaultValue("50s") Duration maxDuration,
                                       @DefaultValue("5000000") long maxEvents,
                                       @DefaultValue("500") int pageSize) {

    public ReconciliationProperties {
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("emporium.reconciliation.max-duration must be positive, was "
                                                       + maxDuration);
        }
        if (maxEvents < 1) {
            throw new IllegalArgumentException("emporium.reconciliation.max-events must be at least 1, was "
                                                       + maxEvents);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("emporium.reconciliation.page-size must be at least 1, was " + pageSize);
        }
    }
}
