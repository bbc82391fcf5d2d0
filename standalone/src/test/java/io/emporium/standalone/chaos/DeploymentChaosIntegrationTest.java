package io.emporium.standalone.chaos;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chaos harness against a platform the operator runs: the same retrying clients and the same checks as the
 * other chaos tests, while the operator breaks what they like (kills a service, cuts the database, fails the
 * provider) during the load. Runs only when {@code emporium.chaos.url} names the platform's base URL (otherwise
 * JUnit reports it skipped):
 * <pre>
 * ./mvnw -pl standalone -am verify -Dtest=DeploymentChaosIntegrationTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Demporium.chaos.url=https://staging.example -Demporium.chaos.token=$TOKEN -Demporium.chaos.seconds=120
 * </pre>
 * The token needs the customer and operator roles; without one it is asked from {@code POST /local/tokens}
 * (profile {@code local}). The platform must authorize payments with the test cards of the simulated provider or
 * the stub ({@code pm_approve}, {@code pm_decline}, {@code pm_no_answer}). Each run registers two products of its
 * own. Decision 0047.
 */
@EnabledIfSystemProperty(named = "emporium.chaos.url", matches = ".+")
class DeploymentChaosIntegrationTest {

    @Test
    void everyAcceptedOrderEndsFinalAndTheBooksBalanceWhateverTheOperatorBrokeDuringTheLoad() throws Exception {
        URI base = URI.create(System.getProperty("emporium.chaos.url"));
        Duration load = Duration.ofSeconds(Long.getLong("emporium.chaos.seconds", 120));
        int clients = Integer.getInteger("emporium.chaos.clients", 4);
        ChaosClient client = new ChaosClient(base);
        String token = System.getProperty("emporium.chaos.token", "");
        if (token.isBlank()) {
            client.login("chaos-deployment");
        } else {
            client.useToken(token);
        }
        System.out.printf("[chaos] deployment: %s, %d clients for %d s, products %s and %s; break what you like now%n",
                          base, clients, load.toSeconds(), OrderLoad.PLENTY, OrderLoad.NONE);
        OrderLoad orders = new OrderLoad(client, clients);
        orders.registerProducts();
        orders.start();
        Thread.sleep(load.toMillis()); // the load's length is the operator's window, not a synchronization
        orders.stop();

        Map<String, Integer> byStatus = orders.verifyEveryOrderEndedCorrectly(true, ChaosSettings.SETTLE);
        int discrepancies = Reconciliation.assertNothingFound(client);
        System.out.printf("[chaos] deployment figures: %s, orders %s, reconciliation discrepancies %d%n",
                          client.figures(), byStatus, discrepancies);
    }
}
