package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Prometheus metrics, Axon's included, for operators only; health for everyone. */
@IntegrationTest
class MetricsIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void operatorsReadPrometheusMetricsIncludingAxonsCommandAndProcessorMetrics() {
        Http staff = new Http(port).as("staff-1", "operator");
        Products.registered(staff, "METRIC");

        Http.Response metrics = staff.get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        String body = metrics.body();
        // Command latency per command type, and each event processor's lag (latency) and capacity.
        assertThat(body.lines().filter(line -> line.startsWith("commandBus_successTimer_seconds_count{")
                && line.contains("RegisterProduct"))).isNotEmpty();
        assertThat(body.lines().filter(line -> line.startsWith("eventProcessor_latency")
                && line.contains("order-views"))).isNotEmpty();
        assertThat(body.lines().filter(line -> line.startsWith("eventProcessor_capacity")
                && line.contains("order-fulfilment"))).isNotEmpty();
        // Each projection's dead letters, and (after the processor watchdog's first look) each held segment's lag.
        assertThat(body.lines().filter(line -> line.startsWith("emporium_projections_dead_letters{")
                && line.contains("processingGroup=\"order-views\""))).isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                staff.get("/actuator/prometheus").body().lines()
                     .filter(line -> line.startsWith("emporium_processor_segment_lag{")
                             && line.contains("processor=\"order-views\"") && line.contains("segment=\"0\"")))
                .isNotEmpty());
    }

    @Test
    void prometheusIsRefusedToCustomersAndAnonymousCallers() {
        Http http = new Http(port);
        assertThat(http.asCustomer("customer-" + UUID.randomUUID()).get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(http.anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(http.anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
    }
}
