package io.emporium.edge.query;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the edge's read side, under {@code emporium.edge.queries}.
 *
 * @param timeout         how long a request waits for a query's answer before answering 503
 * @param updatesLifetime how long a live-updates stream stays open at most (the client may reconnect)
 * @param reconciliationTimeout how long {@code GET /api/admin/reconciliation} waits for its answer; keep it above
 *                        the run's own budget {@code emporium.reconciliation.max-duration}
 */
@ConfigurationProperties("emporium.edge.queries")
public record QueryProperties(@DefaultValue("5s") Duration timeout,
                              @DefaultValue("5m") Duration updatesLifetime,
                              @DefaultValue("70s") Duration reconciliationTimeout) {

    public QueryProperties {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("emporium.edge.queries.timeout must be positive, was " + timeout);
        }
        if (updatesLifetime == null || updatesLifetime.isNegative() || updatesLifetime.isZero()) {
            throw new IllegalArgumentException(
                    "emporium.edge.queries.updates-lifetime must be positive, was " + updatesLifetime);
        }
        if (reconciliationTimeout == null || reconciliationTimeout.isNegative() || reconciliationTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "emporium.edge.queries.reconciliation-timeout must be positive, was " + reconciliationTimeout);
        }
    }
}
