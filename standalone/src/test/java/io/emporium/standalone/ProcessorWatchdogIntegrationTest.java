package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.platform.health.EventProcessorsHealthIndicator;
import io.emporium.platform.processing.ProcessorWatchdog;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The processor watchdog on the standalone platform and PostgreSQL: the product catalogue's processor is shut down
 * behind the platform's back while products are registered; the watchdog reports it stalled (readiness DOWN, with the
 * reason), restarts it, and once it caught up readiness is UP again. The watchdog's own rounds are put out of the way
 * (one an hour) and the test takes each look itself, so that what readiness says between two looks is certain. A
 * database of its own, so that no other test's instance holds the catalogue's segments.
 */
class ProcessorWatchdogIntegrationTest {

    static final Duration STALL_AFTER = Duration.ofSeconds(2);

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_watchdog");
    }

    @BeforeAll
    static void freshDatabase() throws SQLException {
        FreshTestDatabase.drop(databaseUrl());
    }

    @Test
    void aProjectionStoppedWhileEventsArriveIsReportedNotReadyThenRestartedAndCatchesUp() throws Exception {
        try (ConfigurableApplicationContext platform = new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles("test")
                .run("--server.port=0",
                     "--spring.datasource.url=" + databaseUrl(),
                     "--emporium.database.create-if-missing=true",
                     "--emporium.processing.watchdog.interval=1h",
                     "--emporium.processing.watchdog.stall-after=" + STALL_AFTER.toMillis() + "ms")) {
            Http http = new Http(((WebServerApplicationContext) platform).getWebServer().getPort());
            ProcessorWatchdog watchdog = platform.getBean(ProcessorWatchdog.class);
            EventProcessorsHealthIndicator processors = platform.getBean(EventProcessorsHealthIndicator.class);
            StreamingEventProcessor catalogue = platform.getBean(EventProcessingConfiguration.class)
                    .eventProcessor("product-catalogue", StreamingEventProcessor.class).orElseThrow();
            await().atMost(Duration.ofSeconds(30))
                   .until(() -> http.anonymous().get("/actuator/health/readiness").status() == 200);

            catalogue.shutDown();
            String sku = Products.registered(http, "WATCH");
            watchdog.check();
            assertThat(watchdog.stalls()).as("not yet stalled for stall-after").isEmpty();
            Thread.sleep(STALL_AFTER.toMillis() + 200);
            watchdog.check();

            assertThat(watchdog.restarts("product-catalogue")).isEqualTo(1);
            assertThat(catalogue.isRunning()).isTrue();
            assertThat(http.anonymous().get("/actuator/health/readiness").status()).isEqualTo(503);
            Health health = processors.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> details = (Map<String, Map<String, Object>>) health.getDetails()
                                                                                              .get("processors");
            assertThat((String) details.get("product-catalogue").get("stalled")).startsWith("not running, no progress");
            assertThat(details.get("order-views")).doesNotContainKey("stalled");
            MeterRegistry meters = platform.getBean(MeterRegistry.class);
            assertThat(meters.get("emporium.processor.stalled").tag("processor", "product-catalogue").gauge().value())
                    .isEqualTo(1);
            assertThat(meters.get("emporium.processor.restarts").tag("processor", "product-catalogue").counter()
                             .count()).isEqualTo(1);

            Products.visible(http, sku); // the restarted processor caught up
            watchdog.check();
            assertThat(watchdog.stalls()).isEmpty();
            assertThat(http.anonymous().get("/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(meters.get("emporium.processor.stalled").tag("processor", "product-catalogue").gauge().value())
                    .isZero();
        }
    }
}
