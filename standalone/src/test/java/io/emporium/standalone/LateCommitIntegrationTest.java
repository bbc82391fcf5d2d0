package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.projections.ProjectionNames;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The storage engine's gap handling never skips an event: an event whose transaction took its global index first
 * but commits seconds after later events (a slow command, a long pause of the JVM) still reaches a processor that
 * has read past it in the meantime, even one that lagged behind the later events. It fails when
 * {@code emporium.events.gap-timeout} is shorter than the processor's lag (try {@code 2s}): the processor then
 * gives up on the missing index.
 */
@IntegrationTest
class LateCommitIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.axonframework.config.Configuration axon;

    @Test
    void anEventCommittedFiveSecondsAfterALaterOneStillReachesTheProjections() throws Exception {
        Http http = new Http(port);
        String lateSku = TestIds.sku("LATE");
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);

        StreamingEventProcessor catalogue = axon.eventProcessingConfiguration()
                                                .eventProcessor(ProjectionNames.PRODUCT_CATALOGUE,
                                                                StreamingEventProcessor.class)
                                                .orElseThrow();
        catalogue.shutDown();
        try {
            // The late transaction takes its global index now (the insert runs at once: there is no unit of
            // work) and commits only when told to.
            CompletableFuture<Void> late = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                    .executeWithoutResult(status -> {
                        eventStore.publish(new GenericDomainEventMessage<>(
                                "InventoryItem", lateSku, 0,
                                new ProductRegistered(lateSku, "Late lamp", Money.of(4900, "EUR"), 3)));
                        appended.countDown();
                        waitFor(commit);
                    }));
            assertThat(appended.await(10, TimeUnit.SECONDS)).as("the late event was inserted").isTrue();

            // A later event commits while the catalogue's processor is behind; 5 s later it reads past the
            // late event's index.
            String laterSku = Products.registered(http, "LATER");
            Thread.sleep(5_000);
            catalogue.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> productRows(laterSku) == 1);
            assertThat(productRows(lateSku)).as("not committed yet").isZero();

            commit.countDown();
            late.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(15)).until(() -> productRows(lateSku) == 1);
        } finally {
            commit.countDown();
            catalogue.start();
        }
    }

    private int productRows(String sku) {
        return jdbc.queryForObject("SELECT count(*) FROM product_view WHERE sku = ?", Integer.class, sku);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the late transaction commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
