package io.emporium.standalone.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.standalone.FreshTestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Chaos (a): the standalone platform as a JVM of its own, killed with SIGKILL at random moments (seeded; the seed is
 * printed, and {@code -Demporium.chaos.seed=<seed>} repeats a run's moments) while four clients place orders of
 * every kind, and started again each time on the same database. Decision 0047.
 */
class PlatformCrashChaosIntegrationTest {

    @Test
    void everyAcceptedOrderEndsFinalWithNoStockReservedWhenThePlatformIsKilledAtRandomMomentsUnderLoad()
            throws Exception {
        long seed = Long.getLong("emporium.chaos.seed", System.nanoTime());
        System.out.println("[chaos] crash: seed " + seed + " (repeat with -Demporium.chaos.seed=" + seed + ")");
        Random random = new Random(seed);
        String database = FreshTestDatabase.siblingUrl("_chaos_crash");
        FreshTestDatabase.drop(database);
        try (PlatformProcess platform = new PlatformProcess("crash", database, 
                ChaosSettings.platformArguments())) {
            platform.start();
            ChaosClient client = new ChaosClient(platform.base());
            client.login("chaos-crash");
            OrderLoad load = new OrderLoad(client, 4);
            load.registerProducts();
            load.start();
            int kills = 2 + random.nextInt(2);
            for (int kill = 1; kill <= kills; kill++) {
                int placedBefore = load.placedSoFar();
                long after = 500 + random.nextInt(3500);
                // A random moment after the load has reached the platform anew: the kill's timing is the chaos
                // here, not a synchronization.
                await().atMost(Duration.ofSeconds(60)).until(() -> load.placedSoFar() > placedBefore + 2);
                Thread.sleep(after);
                System.out.printf("[chaos] crash: kill %d of %d, %d ms into the load, %d orders placed so far%n",
                                  kill, kills, after, load.placedSoFar());
                platform.kill();
                platform.start();
            }
            int placedAfterLastStart = load.placedSoFar();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.placedSoFar() > placedAfterLastStart + 10);
            load.stop();

            Map<String, Integer> orders = load.verifyEveryOrderEndedCorrectly(true, ChaosSettings.SETTLE);
            // A key the killed JVM held is taken over once its lease lapses: no client is left without an answer.
            assertThat(client.figures()).as("the answers").doesNotContainKeys("gave up", ChaosClient.GAVE_UP_IN_PROGRESS);
            int discrepancies = Reconciliation.assertNothingFound(client);
            ChaosSettings.report("crash", seed, platform, client, orders, discrepancies);
        }
    }
}
