package io.emporium.standalone.chaos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.emporium.payment.provider.http.HttpPaymentProvider;
import io.emporium.standalone.FreshTestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chaos (c): the HTTP payment provider adapter (decision 0036) against WireMock playing the provider with the stub's
 * test cards (payment-provider-stub/), which fails for a while under the same load as (a): first every authorization
 * answers 503 for {@link #FAILING}, then every one answers, approved or declined as its card says, but only after
 * {@link #LATE_BY}, beyond the adapter's read timeout, for {@link #LATE}; then the provider is well again. The
 * adapter's retries span the trouble and the payment deadline is longer still, so every approved order is confirmed
 * and every other one ends as its card says, with its stock released. Decision 0047.
 */
class PaymentProviderChaosIntegrationTest {

    static final Duration FAILING = Duration.ofSeconds(3);
    static final Duration LATE = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    static final Duration LATE_BY = Duration.ofMillis(1500);
    /** Long enough for the adapter's ten attempts (backoff 200 ms doubling to 2 s, each up to the read timeout). */
    static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(25);

    @Test
    void everyApprovedOrderIsConfirmedAndEveryOtherRejectedWhenTheProviderFailsAndAnswersLateForAWhile()
            throws Exception {
        String database = FreshTestDatabase.siblingUrl("_chaos_provider");
        FreshTestDatabase.drop(database);
        WireMockServer provider = new WireMockServer(options().dynamicPort()
                                                              .usingFilesUnderDirectory("../payment-provider-stub")
                                                              .asynchronousResponseEnabled(true));
        provider.start();
        try (PlatformProcess platform = new PlatformProcess("provider", database, ChaosSettings.platformArguments(
                PAYMENT_TIMEOUT,
                "--emporium.payment.provider=http",
                "--emporium.payment.http.base-url=" + provider.baseUrl(),
                "--emporium.payment.http.api-key=chaos-test-key",
                "--emporium.payment.http.read-timeout=" + READ_TIMEOUT.toMillis() + "ms",
                "--resilience4j.retry.instances.payment-provider.max-attempts=10",
                // The breaker is another test's subject (PaymentProviderBreakerIntegrationTest): here it stays closed,
                // so that what the retries promise is what is tested.
                "--resilience4j.circuitbreaker.instances.payment-provider.minimum-number-of-calls=100000",
                "--resilience4j.circuitbreaker.instances.payment-provider.sliding-window-size=100000",
                // Every unanswered card holds a call for ten read timeouts; with the default 50 calls in flight the
                // bulkhead turns approved payments away during the trouble, and a payment turned away is not asked
                // again (decision 0036): its order waits for the deadline. Not what this test is about either.
                "--resilience4j.bulkhead.instances.payment-provider.max-concurrent-calls=1000"))) {
            platform.start();
            ChaosClient client = new ChaosClient(platform.base());
            client.login("chaos-provider");
            OrderLoad load = new OrderLoad(client, 4);
            load.registerProducts();
            load.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.placedSoFar() > 20);

            StubMapping failing = provider.stubFor(post(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS)).atPriority(1)
                    .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"chaos: overloaded\"}")));
            int before = provider.findAll(postRequestedFor(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS))).size();
            System.out.printf("[chaos] provider: failing (503) for %d s, %d orders placed so far%n",
                              FAILING.toSeconds(), load.placedSoFar());
            // The trouble's length is what is tested: nothing to wait for but the clock.
            Thread.sleep(FAILING.toMillis());
            provider.removeStub(failing);
            // The stub's own answers again, each one late.
            provider.setGlobalFixedDelay((int) LATE_BY.toMillis());
            System.out.printf("[chaos] provider: answering %d ms late for %d s%n", LATE_BY.toMillis(),
                              LATE.toSeconds());
            Thread.sleep(LATE.toMillis());
            provider.setGlobalFixedDelay(0);
            int during = provider.findAll(postRequestedFor(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS))).size()
                    - before;
            System.out.printf("[chaos] provider: well again; %d authorization requests during the trouble%n", during);
            int placedAtRecovery = load.placedSoFar();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.placedSoFar() > placedAtRecovery + 20);
            load.stop();

            Map<String, Integer> orders = load.verifyEveryOrderEndedCorrectly(
                    false, PAYMENT_TIMEOUT.plus(ChaosSettings.SETTLE));
            int discrepancies = Reconciliation.assertNothingFound(client);
            ChaosSettings.report("provider", 0, platform, client, orders, discrepancies);
            int all = provider.findAll(postRequestedFor(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS))).size();
            System.out.printf("[chaos] provider   authorization requests to the provider: %d%n", all);
            assertThat(during).as("authorizations asked while the provider was in trouble").isPositive();
            assertThat(client.figures()).doesNotContainKeys("answered 500", "gave up", ChaosClient.GAVE_UP_IN_PROGRESS);
        } finally {
            provider.stop();
        }
    }
}
