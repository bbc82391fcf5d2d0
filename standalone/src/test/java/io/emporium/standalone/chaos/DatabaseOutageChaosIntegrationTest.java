package io.emporium.standalone.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.standalone.FreshTestDatabase;
import io.emporium.standalone.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chaos (b): PostgreSQL unreachable for {@link #OUTAGE} under the same load as (a). The platform, a JVM of its own,
 * reaches PostgreSQL through a {@link TcpProxy} that the test cuts (every connection dropped, new ones refused) and
 * restores; the machine's PostgreSQL keeps running. Decision 0047.
 */
class DatabaseOutageChaosIntegrationTest {

    static final Duration OUTAGE = Duration.ofSeconds(10);
    /**
     * How long a request waits for a database connection before it fails (Hikari's {@code connection-timeout}, 30 s
     * by default): the bound on how long the platform keeps a caller waiting while PostgreSQL is away.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void theEdgeAnswers503ProblemsWhilePostgresqlIsUnreachableAndEveryOrderEndsFinalOnceItReturns() throws Exception {
        String database = FreshTestDatabase.siblingUrl("_chaos_outage");
        FreshTestDatabase.drop(database);
        FreshTestDatabase.create(database);
        URI direct = URI.create(database.substring("jdbc:".length()));
        int postgresPort = direct.getPort() < 0 ? 5432 : direct.getPort();
        try (TcpProxy proxy = new TcpProxy(direct.getHost(), postgresPort);
             PlatformProcess platform = new PlatformProcess("outage", database.replace(
                     direct.getHost() + ":" + postgresPort, "127.0.0.1:" + proxy.port()),
                     ChaosSettings.platformArguments(
                     "--spring.datasource.hikari.connection-timeout=" + CONNECTION_TIMEOUT.toMillis()))) {
            platform.start();
            ChaosClient client = new ChaosClient(platform.base());
            client.login("chaos-outage");
            OrderLoad load = new OrderLoad(client, 4);
            load.registerProducts();
            load.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.placedSoFar() > 20);

            System.out.printf("[chaos] outage: PostgreSQL cut for %d s, %d orders placed so far%n",
                              OUTAGE.toSeconds(), load.placedSoFar());
            proxy.cut();
            // The outage's length is what is tested: nothing to wait for but the clock.
            Thread.sleep(OUTAGE.toMillis());
            long refusedDuringOutage = client.figure("answered 503");
            proxy.restore();
            System.out.printf("[chaos] outage: PostgreSQL back, %d answers 503 meanwhile%n", refusedDuringOutage);
            int placedAtRestore = load.placedSoFar();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.placedSoFar() > placedAtRestore + 20);
            load.stop();

            System.out.println("[chaos] outage: answers " + client.figures());
            assertThat(client.figures()).as("the answers").doesNotContainKeys("answered 500", "no answer: timeout",
                                                                          "gave up", ChaosClient.GAVE_UP_IN_PROGRESS, "answered 503 not problem+json");
            // An order whose saga sent a command as PostgreSQL went away may see every retry of it fail (five
            // attempts, waits 0.2 s doubling, each attempt up to the 2 s connection timeout: less than the outage)
            // and is then rejected and compensated, as the saga does for any command that got no decision.
            Map<String, Integer> orders = load.verifyEveryOrderEndedCorrectly(true, true, ChaosSettings.SETTLE);
            int discrepancies = Reconciliation.assertNothingFound(client);
            ChaosSettings.report("outage", 0, platform, client, orders, discrepancies);

            assertThat(refusedDuringOutage).as("503 answers while PostgreSQL was away").isPositive();
            assertThat(client.figures().get("slowest answer to a command (ms)"))
                    .as("no command kept waiting beyond the connection timeout and the edge's own bound")
                    .isLessThan(ChaosClient.REQUEST_TIMEOUT.toMillis());
        }
    }
}
