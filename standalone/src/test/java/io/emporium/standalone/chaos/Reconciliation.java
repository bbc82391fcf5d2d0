package io.emporium.standalone.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.emporium.standalone.chaos.ChaosClient.Answer;

/**
 * The platform's own reconciliation, {@code GET /api/admin/reconciliation} (operator, decision 0046): it must
 * answer 200 with {@code {"complete":true,...,"discrepancies":[]}} once every order of a chaos run is final.
 */
final class Reconciliation {

    private Reconciliation() {
    }

    /** Asserts that the reconciliation ran to the head and found nothing; returns the discrepancies found (0). */
    static int assertNothingFound(ChaosClient client) {
        Answer answer = client.read("/api/admin/reconciliation");
        assertThat(answer.status()).as("GET /api/admin/reconciliation: %s", answer.body()).isEqualTo(200);
        JsonNode report = answer.body();
        assertThat(report.path("complete").asBoolean()).as("reconciliation complete: %s", report).isTrue();
        assertThat(report.get("discrepancies")).as("discrepancies: %s", report).isEmpty();
        System.out.println("[chaos] reconciliation: complete, " + report.path("eventsRead").asLong()
                + " events read, " + report.path("ordersChecked").asLong() + " orders checked, 0 discrepancies");
        return 0;
    }
}
