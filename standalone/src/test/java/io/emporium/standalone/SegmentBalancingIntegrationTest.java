package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the platform on one database share each streaming processor's segments: the second instance,
 * started while the first holds every segment, gets its half without anyone moving them by hand; when it stops,
 * the first takes them all back. A database of its own, so that no other test's instance takes part.
 */
class SegmentBalancingIntegrationTest {

    static final List<String> PROJECTIONS = List.of("order-views", "product-catalogue", "payment-views");

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_balance");
    }

    @BeforeAll
    static void freshDatabase() throws SQLException {
        FreshTestDatabase.drop(databaseUrl());
    }

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles("test")
                .run("--server.port=0",
                     "--spring.datasource.url=" + databaseUrl(),
                     "--emporium.processing.balance-interval=500ms",
                     "--emporium.processing.release-for=3s",
                     // Two instances share a projection only when it has more than one segment.
                     "--emporium.projections.segments=4");
    }

    static int held(ConfigurableApplicationContext instance, String processor) {
        return instance.getBean(EventProcessingConfiguration.class)
                       .eventProcessor(processor, StreamingEventProcessor.class)
                       .map(streaming -> streaming.processingStatus().size())
                       .orElseThrow();
    }

    @Test
    void aSecondInstanceTakesItsShareOfEveryProjectionAndGivesItBackWhenItStops() {
        try (ConfigurableApplicationContext first = start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> PROJECTIONS.forEach(
                    projection -> assertThat(held(first, projection)).as(projection).isEqualTo(4)));

            try (ConfigurableApplicationContext second = start()) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(
                        () -> PROJECTIONS.forEach(projection -> {
                            assertThat(held(first, projection)).as("first, " + projection).isEqualTo(2);
                            assertThat(held(second, projection)).as("second, " + projection).isEqualTo(2);
                        }));
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(
                    () -> PROJECTIONS.forEach(projection -> assertThat(held(first, projection)).as(projection)
                                                                                             .isEqualTo(4)));
        }
    }
}
