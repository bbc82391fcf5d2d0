package io.emporium.payment.provider.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.emporium.messages.common.Money;
import io.emporium.payment.provider.AuthorizationOutcome;
import io.emporium.payment.provider.AuthorizationRequest;
import io.emporium.payment.provider.NoAnswerFromProvider;
import io.emporium.payment.provider.PaymentMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot3.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The HTTP provider against WireMock playing the provider, loaded with the committed stub mappings of
 * payment-provider-stub/ (the same test-card tokens as the simulated provider) and, per test, stubs of its own. The
 * provider is wired as the application wires it: Resilience4j's Spring Boot registries configured by the module's
 * emporium-payment.yml, with only the waits made short. Assertions count the requests WireMock received and read the
 * breaker's state; nothing here depends on how long a call took, except lower bounds a wait must have kept.
 */
class HttpPaymentProviderTest {

    private static final String API_KEY = "test-api-key";
    private static final Money AMOUNT = Money.of(24_900, "EUR");
    private static final long WAIT_SECONDS = 10;

    private static WireMockServer stub;
    /** The application context of the test under way. */
    private AssertableApplicationContext context;

    @BeforeAll
    static void startTheStub() {
        stub = new WireMockServer(options().dynamicPort()
                                           .usingFilesUnderDirectory("../payment-provider-stub")
                                           // Delayed answers wait on a timer, not on one of the server's threads.
                                           .asynchronousResponseEnabled(true));
        stub.start();
        // The first answer of a fresh server is slow (its templates and matchers load): get it out of the way.
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(stub.baseUrl() + HttpPaymentProvider.AUTHORIZATIONS))
                    .header("Authorization", "Bearer warm-up").header(HttpPaymentProvider.IDEMPOTENCY_KEY, "warm-up")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"paymentId\":\"warm-up\",\"paymentMethodToken\":\"pm_approve\"}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException unreachable) {
            throw new IllegalStateException("the stub does not answer", unreachable);
        }
    }

    @AfterAll
    static void stopTheStub() {
        stub.stop();
    }

    @BeforeEach
    void resetTheStub() {
        stub.resetToDefaultMappings();
        stub.resetRequests();
        stub.resetScenarios();
    }

    @Test
    void anApprovalIsAskedForOnceUnderThePaymentIdWithTheAmountInMinorUnits() {
        run(provider -> {
            AuthorizationOutcome outcome = answer(provider.authorize(request("pay-1", "pm_approve")));

            assertThat(outcome).isEqualTo(new AuthorizationOutcome.Approved("stub-pay-1"));
            stub.verify(1, postRequestedFor(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS))
                    .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                    .withHeader(HttpPaymentProvider.IDEMPOTENCY_KEY, equalTo("pay-1"))
                    .withRequestBody(equalToJson("""
                            {"paymentId":"pay-1","orderId":"order-1","amount":24900,"currency":"EUR",
                             "paymentMethodToken":"pm_approve"}""")));
        });
    }

    @Test
    void aDeclineCarriesTheProvidersReasonAndIsNotAskedAgain() {
        run(provider -> {
            AuthorizationOutcome outcome = answer(provider.authorize(request("pay-1", "pm_decline")));

            assertThat(outcome).isEqualTo(new AuthorizationOutcome.Declined("card declined: insufficient funds"));
            assertThat(authorizationRequests()).hasSize(1);
        });
    }

    @Test
    void aTokenTheProviderDoesNotKnowIsDeclined() {
        run(provider -> assertThat(answer(provider.authorize(request("pay-1", "pm_other"))))
                .isEqualTo(new AuthorizationOutcome.Declined("unknown payment method token")));
    }

    @Test
    void serverErrorsAreRetriedUnderTheSameIdempotencyKeyUntilTheApproval() {
        run(provider -> {
            // The committed pm_transient stub answers 503 twice, then approves.
            AuthorizationOutcome outcome = answer(provider.authorize(request("pay-1", "pm_transient")));

            assertThat(outcome).isEqualTo(new AuthorizationOutcome.Approved("stub-pay-1"));
            assertThat(authorizationRequests()).hasSize(3)
                    .allMatch(logged -> "pay-1".equals(logged.getHeader(HttpPaymentProvider.IDEMPOTENCY_KEY)));
        }, context -> assertThat(context.getBean(MeterRegistry.class).get(PaymentMetrics.PROVIDER_CALLS)
                                        .tag("outcome", "server_error").timer().count()).isEqualTo(2));
    }

    @Test
    void aProviderThatNeverAnswersInTimeIsAskedEveryAttemptThenLeftToTheDeadline() {
        run(provider -> {
            // The committed pm_no_answer stub answers after ten minutes; the read timeout here is 300 ms.
            Throwable failure = failure(provider.authorize(request("pay-1", "pm_no_answer")));

            assertThat(failure).isInstanceOf(NoAnswerFromProvider.class)
                               .hasMessageContaining("after 3 attempts").hasMessageContaining("timeout");
            await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> authorizationRequests().size() == 3);
        }, "emporium.payment.http.read-timeout=300ms");
    }

    @Test
    void aTooManyRequestsAnswerIsAskedAgainOnlyAfterItsRetryAfter() {
        busyOnceWithRetryAfter("1");
        run(provider -> {
            AuthorizationOutcome outcome = answer(provider.authorize(request("pay-1", "pm_approve")));

            assertThat(outcome).isEqualTo(new AuthorizationOutcome.Approved("stub-pay-1"));
            // The configured backoff here is 20 ms: a second request a second later waited for the Retry-After.
            assertThat(waitBetweenTheTwoRequests()).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        });
    }

    @Test
    void aRetryAfterLongerThanTheLimitIsCutToTheLimit() {
        busyOnceWithRetryAfter("3600");
        run(provider -> {
            assertThat(answer(provider.authorize(request("pay-1", "pm_approve"))))
                    .isEqualTo(new AuthorizationOutcome.Approved("stub-pay-1"));
            // Waited for the limit (300 ms), longer than the configured backoff (20 ms, give or take half).
            assertThat(waitBetweenTheTwoRequests()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }, "emporium.payment.http.max-retry-after=300ms");
    }

    @Test
    void aClientErrorIsNotRetriedAndFailsThePayment() {
        stub.stubFor(post(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS)).atPriority(1)
                .willReturn(aResponse().withStatus(422).withBody("{\"error\":\"currency not supported\"}")));
        run(provider -> {
            Throwable failure = failure(provider.authorize(request("pay-1", "pm_approve")));

            assertThat(failure).isInstanceOf(HttpPaymentProvider.ProviderFailure.class)
                               .hasMessageContaining("HTTP 422").hasMessageContaining("currency not supported");
            assertThat(authorizationRequests()).hasSize(1);
        });
    }

    @Test
    void aPendingAnswerIsNoAnswerYet() {
        stub.stubFor(post(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS)).atPriority(1)
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                                       .withBody("{\"status\":\"pending\"}")));
        run(provider -> {
            assertThat(failure(provider.authorize(request("pay-1", "pm_approve"))))
                    .isInstanceOf(NoAnswerFromProvider.class).hasMessageContaining("pending");
            assertThat(authorizationRequests()).hasSize(1);
        });
    }

    @Test
    void theBreakerOpensOnRepeatedFailuresStopsCallingAndClosesAgainAfterItsWait() {
        stub.stubFor(post(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.paymentId", equalTo("pay-down")))
                .willReturn(aResponse().withStatus(503)));
        run(provider -> {
            CircuitBreaker breaker = breaker();
            // Two calls of two attempts each: four failures, the whole window.
            assertThat(failure(provider.authorize(request("pay-down", "pm_approve"))))
                    .isInstanceOf(NoAnswerFromProvider.class);
            assertThat(failure(provider.authorize(request("pay-down", "pm_approve"))))
                    .isInstanceOf(NoAnswerFromProvider.class);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(authorizationRequests()).hasSize(4);

            // Open: the next payment is not sent at all, and is left to its deadline.
            assertThat(failure(provider.authorize(request("pay-2", "pm_approve"))))
                    .isInstanceOf(NoAnswerFromProvider.class).hasMessageContaining("circuit breaker is open");
            assertThat(authorizationRequests()).hasSize(4);

            // After its wait (300 ms here) it lets a trial call through; the provider answers, and it closes.
            await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                   .until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
            assertThat(answer(provider.authorize(request("pay-3", "pm_approve"))))
                    .isEqualTo(new AuthorizationOutcome.Approved("stub-pay-3"));
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(authorizationRequests()).hasSize(5);
        }, "resilience4j.retry.instances.payment-provider.max-attempts=2",
           "resilience4j.circuitbreaker.instances.payment-provider.sliding-window-size=4",
           "resilience4j.circuitbreaker.instances.payment-provider.minimum-number-of-calls=4",
           "resilience4j.circuitbreaker.instances.payment-provider.wait-duration-in-open-state=300ms",
           "resilience4j.circuitbreaker.instances.payment-provider.permitted-number-of-calls-in-half-open-state=1");
    }

    @Test
    void aCallBeyondTheBulkheadIsNotMadeAndLeftToTheDeadline() {
        stub.stubFor(post(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.paymentId", equalTo("pay-slow")))
                .willReturn(aResponse().withFixedDelay(3_000).withHeader("Content-Type", "application/json")
                                       .withBody("{\"status\":\"approved\",\"reference\":\"slow\"}")));
        run(provider -> {
            CompletableFuture<AuthorizationOutcome> inFlight = provider.authorize(request("pay-slow", "pm_approve"));
            await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> authorizationRequests().size() == 1);

            assertThat(failure(provider.authorize(request("pay-2", "pm_approve"))))
                    .isInstanceOf(NoAnswerFromProvider.class).hasMessageContaining("too many calls");
            assertThat(inFlight).isNotDone();
            assertThat(authorizationRequests()).hasSize(1);

            // Once the call in flight is answered, the bulkhead has room again.
            assertThat(answer(inFlight)).isEqualTo(new AuthorizationOutcome.Approved("slow"));
            assertThat(answer(provider.authorize(request("pay-3", "pm_approve"))))
                    .isEqualTo(new AuthorizationOutcome.Approved("stub-pay-3"));
        }, "resilience4j.bulkhead.instances.payment-provider.max-concurrent-calls=1",
           "emporium.payment.http.read-timeout=10s");
    }

    @Test
    void aRefundRepeatedOrRetriedIsSentUnderTheSameIdempotencyKeyEveryTime() {
        stub.stubFor(post(urlEqualTo(HttpPaymentProvider.REFUNDS)).atPriority(1)
                .inScenario("refund").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(502)));
        run(provider -> {
            answer(provider.refund("pay-1", "refund-1", AMOUNT).toCompletableFuture());
            answer(provider.refund("pay-1", "refund-1", AMOUNT).toCompletableFuture());

            List<LoggedRequest> refunds = stub.findAll(postRequestedFor(urlEqualTo(HttpPaymentProvider.REFUNDS)));
            // The first attempt failed with 502 and was retried; the repeat is a third request: all the same refund.
            assertThat(refunds).hasSize(3)
                    .allMatch(logged -> "refund-1".equals(logged.getHeader(HttpPaymentProvider.IDEMPOTENCY_KEY)))
                    .extracting(LoggedRequest::getBodyAsString).containsOnly(refunds.get(0).getBodyAsString());
            stub.verify(3, postRequestedFor(urlEqualTo(HttpPaymentProvider.REFUNDS)).withRequestBody(equalToJson("""
                    {"paymentId":"pay-1","refundId":"refund-1","amount":24900,"currency":"EUR"}""")));
        });
    }

    @Test
    void readsRetryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        run(provider -> {
            HttpPaymentProvider atNow = new HttpPaymentProvider(
                    new HttpProviderProperties(java.net.URI.create(stub.baseUrl()), API_KEY, Duration.ofSeconds(1),
                                               Duration.ofSeconds(1), Duration.ofSeconds(5)),
                    io.github.resilience4j.retry.Retry.ofDefaults("r"), CircuitBreaker.ofDefaults("c"),
                    io.github.resilience4j.bulkhead.Bulkhead.ofDefaults("b"), PaymentMetrics.unregistered(),
                    Clock.fixed(now, ZoneOffset.UTC));
            try (atNow) {
                assertThat(atNow.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
                assertThat(atNow.retryAfter("Wed, 02 Dec 2026 10:00:03 GMT")).isEqualTo(Duration.ofSeconds(3));
                assertThat(atNow.retryAfter("Wed, 02 Dec 2026 09:59:00 GMT")).isEqualTo(Duration.ZERO);
                assertThat(atNow.retryAfter("soon")).isNull();
                assertThat(atNow.retryAfter(null)).isNull();
            }
        });
    }

    private void run(Consumer<HttpPaymentProvider> test, String... settings) {
        run(test, context -> { }, settings);
    }

    private void run(Consumer<HttpPaymentProvider> test, Consumer<AssertableApplicationContext> afterwards,
                     String... settings) {
        new ApplicationContextRunner()
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(moduleSettings()))
                .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class,
                        CircuitBreakerAutoConfiguration.class, BulkheadAutoConfiguration.class))
                .withUserConfiguration(Meters.class, HttpPaymentProviderConfiguration.class)
                .withPropertyValues("emporium.payment.http.base-url=" + stub.baseUrl(),
                        "emporium.payment.http.api-key=" + API_KEY,
                        // Long enough that a slow answer of a busy machine is not mistaken for a timeout (and asked
                        // again); the timeout test sets its own.
                        "emporium.payment.http.read-timeout=3s",
                        "resilience4j.retry.instances.payment-provider.wait-duration=20ms")
                .withPropertyValues(settings)
                .run(running -> {
                    assertThat(running).hasNotFailed();
                    context = running;
                    test.accept(running.getBean(HttpPaymentProvider.class));
                    afterwards.accept(running);
                });
    }

    /** The module's own settings file, as the assemblies import it. */
    private static PropertySource<?> moduleSettings() {
        try {
            return new YamlPropertySourceLoader().load("emporium-payment.yml",
                    new ClassPathResource("emporium-payment.yml")).get(0);
        } catch (IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        PaymentMetrics paymentMetrics(MeterRegistry registry) {
            return new PaymentMetrics(registry);
        }
    }

    private CircuitBreaker breaker() {
        return context.getBean(CircuitBreakerRegistry.class).circuitBreaker(HttpPaymentProvider.RESILIENCE);
    }

    /** The first authorization request answers 429 with this Retry-After, the others as the committed stubs do. */
    private static void busyOnceWithRetryAfter(String retryAfter) {
        stub.stubFor(post(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS)).atPriority(1)
                .inScenario("busy").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ready")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter)));
    }

    /** How long after the first of exactly two authorization requests the second came. */
    private static Duration waitBetweenTheTwoRequests() {
        List<LoggedRequest> requests = authorizationRequests();
        assertThat(requests).hasSize(2);
        return Duration.between(requests.get(0).getLoggedDate().toInstant(),
                                requests.get(1).getLoggedDate().toInstant());
    }

    private static List<LoggedRequest> authorizationRequests() {
        return stub.findAll(postRequestedFor(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS)));
    }

    private static AuthorizationRequest request(String paymentId, String token) {
        return new AuthorizationRequest(paymentId, "order-1", AMOUNT, token);
    }

    private static <T> T answer(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception failed) {
            throw new AssertionError("no answer", failed);
        }
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException failed) {
            return failed.getCause();
        } catch (Exception notDone) {
            throw new AssertionError("no answer", notDone);
        }
    }
}
