package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.inventory.RegisterProduct;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A database whose projections were written on four segments each is brought down to the configured one by the
 * segment merger, with Axon's own merge: no token is deleted, and new events reach the merged processor. A merged
 * segment goes on from the lower of its halves' positions, so the events between them are delivered again
 * (AxonFramework issue #4808): the projections apply each aggregate's events once, by sequence, so the read
 * model is the same after the merge as before.
 */
class SegmentMergeIntegrationTest {

    static final List<String> PROJECTIONS = List.of("order-views", "product-catalogue", "payment-views");

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_merge");
    }

    @BeforeAll
    static void freshDatabase() throws SQLException {
        FreshTestDatabase.drop(databaseUrl());
    }

    static ConfigurableApplicationContext start(String... settings) {
        String[] args = new String[settings.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--spring.datasource.url=" + databaseUrl();
        System.arraycopy(settings, 0, args, 2, settings.length);
        return new SpringApplicationBuilder(EmporiumApplication.class).profiles("test").run(args);
    }

    static int storedSegments(JdbcTemplate jdbc, String processor) {
        return jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?", Integer.class,
                                   processor);
    }

    static int productRows(JdbcTemplate jdbc, String sku) {
        return jdbc.queryForObject("SELECT count(*) FROM product_view WHERE sku = ?", Integer.class, sku);
    }

    @Test
    void projectionsWrittenOnFourSegmentsAreMergedToOneWithTheSameReadModelAndGoOn() {
        String stocked = TestIds.sku("SKU-M");
        String afterMerge = TestIds.sku("SKU-M");
        List<Map<String, Object>> before;

        try (ConfigurableApplicationContext fourSegments = start("--emporium.projections.segments=4")) {
            JdbcTemplate jdbc = fourSegments.getBean(JdbcTemplate.class);
            CommandGateway commands = fourSegments.getBean(CommandGateway.class);
            commands.sendAndWait(new RegisterProduct(stocked, "Stocked", Money.of(100, "EUR"), 1));
            commands.sendAndWait(new ReceiveStock(stocked, 4));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT coalesce(sum(on_hand), 0) FROM product_view WHERE sku = ?", Integer.class, stocked) == 5);
            PROJECTIONS.forEach(projection -> assertThat(storedSegments(jdbc, projection)).as(projection)
                                                                                         .isEqualTo(4));
            before = jdbc.queryForList("SELECT * FROM product_view ORDER BY sku");
        }

        try (ConfigurableApplicationContext oneSegment = start("--emporium.projections.segments=1")) {
            JdbcTemplate jdbc = oneSegment.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(
                    () -> PROJECTIONS.forEach(projection -> assertThat(storedSegments(jdbc, projection))
                            .as(projection).isEqualTo(1)));

            oneSegment.getBean(CommandGateway.class)
                      .sendAndWait(new RegisterProduct(afterMerge, "New", Money.of(100, "EUR"), 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> productRows(jdbc, afterMerge) == 1);
            assertThat(jdbc.queryForList("SELECT * FROM product_view WHERE sku <> ? ORDER BY sku", afterMerge))
                    .isEqualTo(before);
        }
    }
}
