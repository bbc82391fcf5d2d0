package io.emporium.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus and Grafana files compose.yaml mounts, checked against the services ({@link DashboardChecks}). */
class ObservabilityFilesTest {

    @Test
    void theProjectsPrometheusAndDashboardsPassEveryCheck() {
        Path observability = ProjectFiles.root().resolve("observability");

        assertThat(DashboardChecks.problems(observability.resolve("prometheus.yml"),
                                            observability.resolve("grafana/provisioning/datasources/prometheus.yml"),
                                            observability.resolve("grafana/dashboards"))).isEmpty();
    }

    @Test
    void everyCheckFailsOnTheDeliberatelyBrokenFiles() {
        List<String> problems = DashboardChecks.problems(ProjectFiles.testResource("observability/prometheus.yml"),
                                                         ProjectFiles.testResource("observability/datasources.yml"),
                                                         ProjectFiles.testResource("observability/dashboards"));

        assertThat(problems).containsExactlyInAnyOrder(
                "Prometheus asks order-service for /metrics, but its metrics are at /actuator/prometheus",
                "Prometheus scrapes order-service:8081, but order-service listens on 8080",
                "Prometheus scrapes ghost:8080, which is no service of the platform",
                "broken.json panel 'Orders placed' queries emporium_orders_placed_total, which no scraped service"
                        + " exports",
                "broken.json panel 'Elsewhere' uses data source another-prometheus, which is not provisioned",
                "broken.json panel 'Empty' queries nothing");
    }

    @Test
    void aQuerysMetricNamesAreWhatRemainsOnceLabelsRangesGroupingsAndFunctionsGo() {
        assertThat(DashboardChecks.metrics("sum by (payloadType) (rate(commandBus_successTimer_seconds_sum"
                + "{application=\"order-service\"}[5m])) / sum by (payloadType) (rate(commandBus_successTimer_seconds_count[5m]))"))
                .containsExactlyInAnyOrder("commandBus_successTimer_seconds_sum", "commandBus_successTimer_seconds_count");
        assertThat(DashboardChecks.metrics("max by (processor, segment) (emporium_processor_segment_lag) * 60"))
                .containsExactly("emporium_processor_segment_lag");
    }
}
