package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.projection.FindProjectionStatuses;
import io.emporium.messages.projection.ProjectionStatus;
import io.emporium.messages.projection.ProjectionStatuses;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projections keep their positions across a restart (tokens in PostgreSQL): after a restart they go on
 * from where they were instead of projecting every event again. Proved by a row deleted while the
 * application was down: projecting from zero would bring it back, resuming leaves it deleted.
 */
class ProjectionRestartIntegrationTest {

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_projection_restart");
    }

    @BeforeAll
    static void freshDatabase() throws SQLException {
        FreshTestDatabase.drop(databaseUrl());
    }

    /**
     * On a database of its own: an application started and stopped on the shared test database would take over
     * segments of the shared test context's processors (its balancer counts one more instance, and the shared
     * context releases half its segments to it), and leave them unprocessed for seconds when it stops.
     */
    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles("test")
                .run("--server.port=0", "--spring.datasource.url=" + databaseUrl());
    }

    static ProjectionStatuses statuses(ConfigurableApplicationContext context) {
        return context.getBean(QueryGateway.class)
                      .query(new FindProjectionStatuses(), ProjectionStatuses.class).join();
    }

    static Map<String, Long> awaitCaughtUp(ConfigurableApplicationContext context) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> statuses(context)
                .projections().stream()
                .allMatch(p -> p.running() && !p.replaying() && p.lag() != null && p.lag() == 0));
        return statuses(context).projections().stream()
                                .collect(Collectors.toMap(ProjectionStatus::name, ProjectionStatus::minPosition));
    }

    static String newSku() {
        return TestIds.sku("SKU-P");
    }

    @Test
    void afterARestartTheProjectionsResumeFromTheirStoredPositions() throws Exception {
        String kept = newSku();
        String deletedWhileDown = newSku();
        String afterRestart = newSku();
        Map<String, Long> positionsBefore;
        List<Map<String, Object>> keptBefore;

        try (ConfigurableApplicationContext before = start()) {
            CommandGateway commands = before.getBean(CommandGateway.class);
            commands.sendAndWait(new RegisterProduct(kept, "Kept", Money.of(100, "EUR"), 1));
            commands.sendAndWait(new ReceiveStock(kept, 4));
            commands.sendAndWait(new RegisterProduct(deletedWhileDown, "Deleted", Money.of(100, "EUR"), 1));
            positionsBefore = awaitCaughtUp(before);
            keptBefore = before.getBean(JdbcTemplate.class)
                               .queryForList("SELECT * FROM product_view WHERE sku = ?", kept);
            assertThat(keptBefore).hasSize(1);
        }

        try (Connection connection = DriverManager.getConnection(databaseUrl(),
                                                                 FreshTestDatabase.credentials());
             PreparedStatement delete = connection.prepareStatement("DELETE FROM product_view WHERE sku = ?")) {
            delete.setString(1, deletedWhileDown);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }

        try (ConfigurableApplicationContext after = start()) {
            JdbcTemplate jdbc = after.getBean(JdbcTemplate.class);

            Map<String, Long> positionsAfterRestart = awaitCaughtUp(after);
            assertThat(positionsAfterRestart).isEqualTo(positionsBefore);

            after.getBean(CommandGateway.class)
                 .sendAndWait(new RegisterProduct(afterRestart, "New", Money.of(100, "EUR"), 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM product_view WHERE sku = ?", Integer.class, afterRestart) == 1);
            awaitCaughtUp(after);

            assertThat(jdbc.queryForObject("SELECT count(*) FROM product_view WHERE sku = ?", Integer.class,
                                           deletedWhileDown)).isZero();
            assertThat(jdbc.queryForList("SELECT * FROM product_view WHERE sku = ?", kept)).isEqualTo(keptBefore);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name IN "
                                                   + "('order-views', 'product-catalogue', 'payment-views')",
                                           Integer.class)).isEqualTo(3);
        }
    }
}
