package io.emporium.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionsPropertiesTest {

    @Test
    void perProjectionSettingsOverrideTheGeneralOnes() {
        ProjectionsProperties properties = new ProjectionsProperties(
                100, 4, List.of(" order-views ", ""), Duration.ofSeconds(5),
                Map.of("order-views", new ProjectionsProperties.Processor(500, null)), null);

        assertThat(properties.batchSize("order-views")).isEqualTo(500);
        assertThat(properties.segments("order-views")).isEqualTo(4);
        assertThat(properties.batchSize("payment-views")).isEqualTo(100);
        assertThat(properties.replayOnStartup()).containsExactly("order-views");
    }

    @Test
    void refusesUnknownProjectionNamesAndNonPositiveSizes() {
        assertThatThrownBy(() -> new ProjectionsProperties(100, 4, List.of("orders"), Duration.ofSeconds(5), null, null))
                .hasMessageContaining("replay-on-startup names an unknown projection 'orders'");
        assertThatThrownBy(() -> new ProjectionsProperties(0, 4, null, Duration.ofSeconds(5), null, null))
                .hasMessageContaining("batch-size must be at least 1");
        assertThatThrownBy(() -> new ProjectionsProperties(100, 4, null, Duration.ofSeconds(5),
                                                           Map.of("x", new ProjectionsProperties.Processor(1, 1)), null))
                .hasMessageContaining("unknown projection 'x'");
    }

    @Test
    void aRebuildIsTakenOverOnlyAfterSeveralMissedReports() {
        ProjectionsProperties defaults = new ProjectionsProperties(100, 4, null, Duration.ofSeconds(5), null, null);
        assertThat(defaults.rebuild().batchSize()).isEqualTo(1000);
        assertThat(defaults.rebuild().takeoverAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThatThrownBy(() -> new ProjectionsProperties.Rebuild(1000, 10, Duration.ofSeconds(5),
                                                                   Duration.ofSeconds(10), Duration.ofSeconds(2), 0))
                .hasMessageContaining("takeover-after (PT10S) must be at least three report intervals");
        assertThatThrownBy(() -> new ProjectionsProperties.Rebuild(0, 10, Duration.ofSeconds(1),
                                                                   Duration.ofSeconds(10), Duration.ofSeconds(2), 0))
                .hasMessageContaining("rebuild.batch-size must be at least 1");
    }

    @Test
    void aRebuildIsBoundedByDefaultAndItsBoundIsNeverNegative() {
        ProjectionsProperties defaults = new ProjectionsProperties(100, 4, null, Duration.ofSeconds(5), null, null);
        assertThat(defaults.rebuild().maxEventsPerSecond()).isEqualTo(ProjectionsProperties.DEFAULT_REBUILD_RATE);
        assertThat(new ProjectionsProperties.Rebuild(1000, 10, Duration.ofSeconds(1), Duration.ofSeconds(15),
                                                     Duration.ofSeconds(2), 0).maxEventsPerSecond()).isZero();
        assertThatThrownBy(() -> new ProjectionsProperties.Rebuild(1000, 10, Duration.ofSeconds(1),
                                                                   Duration.ofSeconds(15), Duration.ofSeconds(2), -1))
                .hasMessageContaining("rebuild.max-events-per-second must be 0 (no bound) or more, was -1");
    }
}
