package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.CommitReservation;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.ReserveStock;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReservationRejected;
import io.emporium.messages.inventory.StockReserved;
import java.sql.SQLException;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stops and starts the whole application between commands. Whatever the aggregates decide after the
 * restart can only come from the events (and snapshots) stored before it.
 */
class RestartIntegrationTest {

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_app_restart");
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
                .run("--server.port=0", "--emporium.inventory.snapshot-threshold=5",
                        "--spring.datasource.url=" + databaseUrl());
    }

    record Platform(ConfigurableApplicationContext context) implements AutoCloseable {

        CommandGateway commands() {
            return context.getBean(CommandGateway.class);
        }

        EventStreams events() {
            return new EventStreams(context.getBean(EventStore.class), context.getBean(JdbcTemplate.class));
        }

        Object send(Object command, String aggregateId) {
            commands().sendAndWait(command);
            return events().lastPayloadOf(aggregateId);
        }

        @Override
        public void close() {
            context.close();
        }
    }

    static String newSku() {
        return TestIds.sku("SKU-R");
    }

    @Test
    void reservationDecisionsAfterARestartFollowTheEventsStoredBeforeIt() {
        String sku = newSku();
        String first = UUID.randomUUID().toString();
        String tooBig = UUID.randomUUID().toString();
        String committed = UUID.randomUUID().toString();

        try (Platform before = new Platform(start())) {
            before.send(new RegisterProduct(sku, "Oak chair", Money.of(8900, "EUR"), 5), sku);
            assertThat(before.send(new ReserveStock(sku, first, 3), sku)).isInstanceOf(StockReserved.class);
            assertThat(before.send(new ReserveStock(sku, tooBig, 3), sku)).isInstanceOf(StockReservationRejected.class);
            assertThat(before.send(new ReleaseStock(sku, first, "order rejected"), sku)).isInstanceOf(StockReleased.class);
            assertThat(before.send(new ReserveStock(sku, committed, 2), sku)).isInstanceOf(StockReserved.class);
            assertThat(before.send(new CommitReservation(sku, committed), sku)).isInstanceOf(ReservationCommitted.class);
        }

        try (Platform after = new Platform(start())) {
            int storedBefore = after.events().of(sku).size();

            // 5 on hand, 2 sold: an order for 4 still does not fit after the restart.
            StockReservationRejected rejected =
                    (StockReservationRejected) after.send(new ReserveStock(sku, UUID.randomUUID().toString(), 4), sku);
            assertThat(rejected.available()).isEqualTo(3);
            // The ledger remembers the released reservation: a late retry of it reserves nothing.
            after.commands().sendAndWait(new ReserveStock(sku, first, 3));
            assertThat(after.events().of(sku)).hasSize(storedBefore + 1);
            // ...and the committed one cannot be released any more.
            assertThatThrownBy(() -> after.commands().sendAndWait(new ReleaseStock(sku, committed, "too late")))
                    .isInstanceOf(CommandRefusedException.class);
            assertThat(after.send(new ReserveStock(sku, UUID.randomUUID().toString(), 3), sku))
                    .isInstanceOf(StockReserved.class);
        }
    }

    @Test
    void aHotSkuIsSnapshottedAndLoadsFromItsSnapshotAfterARestart() {
        String sku = newSku();

        try (Platform before = new Platform(start())) {
            before.send(new RegisterProduct(sku, "Lamp", Money.of(1900, "EUR"), 0), sku);
            for (int i = 0; i < 12; i++) {
                before.send(new ReceiveStock(sku, 1), sku);
            }
            JdbcTemplate jdbc = before.context().getBean(JdbcTemplate.class);
            Integer snapshots = jdbc.queryForObject(
                    "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Integer.class, sku);
            assertThat(snapshots).isPositive();
        }

        try (Platform after = new Platform(start())) {
            StockReserved reserved = (StockReserved) after.send(new ReserveStock(sku, UUID.randomUUID().toString(), 12), sku);
            assertThat(reserved.availableAfter()).isZero();
            assertThat(reserved.unitPrice()).isEqualTo(Money.of(1900, "EUR"));
            assertThat(after.send(new ReserveStock(sku, UUID.randomUUID().toString(), 1), sku))
                    .isInstanceOf(StockReservationRejected.class);
        }
    }
}
