package io.emporium.payment.provider;

import io.emporium.messages.common.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedPaymentProviderTest {

    private static final Money AMOUNT = Money.of(2_500, "EUR");

    private final SimulatedPaymentProvider provider = new SimulatedPaymentProvider(Duration.ofMillis(50));

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void approvesTheApproveTokenWithAReferenceMadeOfThePaymentId() throws Exception {
        AuthorizationOutcome outcome = provider.authorize(request("p-1", SimulatedPaymentProvider.APPROVE))
                .get(1, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new AuthorizationOutcome.Approved("sim-p-1"));
    }

    @Test
    void declinesTheDeclineTokenForInsufficientFunds() throws Exception {
        AuthorizationOutcome outcome = provider.authorize(request("p-1", SimulatedPaymentProvider.DECLINE))
                .get(1, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new AuthorizationOutcome.Declined("card declined: insufficient funds"));
    }

    @Test
    void failsTheTransientTokenTwicePerPaymentThenApproves() throws Exception {
        assertTransientFailure(provider.authorize(request("p-1", SimulatedPaymentProvider.TRANSIENT)));
        assertTransientFailure(provider.authorize(request("p-1", SimulatedPaymentProvider.TRANSIENT)));

        assertThat(provider.authorize(request("p-1", SimulatedPaymentProvider.TRANSIENT)).get(1, TimeUnit.SECONDS))
                .isEqualTo(new AuthorizationOutcome.Approved("sim-p-1"));
        assertThat(provider.authorize(request("p-1", SimulatedPaymentProvider.TRANSIENT)).get(1, TimeUnit.SECONDS))
                .isEqualTo(new AuthorizationOutcome.Approved("sim-p-1"));
    }

    @Test
    void countsTransientAttemptsForEachPaymentSeparately() {
        assertTransientFailure(provider.authorize(request("p-1", SimulatedPaymentProvider.TRANSIENT)));
        assertTransientFailure(provider.authorize(request("p-1", SimulatedPaymentProvider.TRANSIENT)));

        assertTransientFailure(provider.authorize(request("p-2", SimulatedPaymentProvider.TRANSIENT)));
    }

    @Test
    void neverAnswersTheNoAnswerToken() throws Exception {
        CompletableFuture<AuthorizationOutcome> answer =
                provider.authorize(request("p-1", SimulatedPaymentProvider.NO_ANSWER));

        Thread.sleep(100);
        assertThat(answer).isNotDone();
    }

    @Test
    void approvesTheLateTokenOnlyAfterTheConfiguredDelay() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<AuthorizationOutcome> answer =
                provider.authorize(request("p-1", SimulatedPaymentProvider.LATE));

        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(new AuthorizationOutcome.Approved("sim-p-1"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void usesASixtySecondLateAnswerDelayByDefault() {
        assertThat(SimulatedPaymentProvider.DEFAULT_LATE_ANSWER_DELAY).isEqualTo(Duration.ofSeconds(60));
        try (SimulatedPaymentProvider byDefault = new SimulatedPaymentProvider()) {
            assertThat(byDefault.authorize(request("p-1", SimulatedPaymentProvider.LATE))).isNotDone();
        }
    }

    @Test
    void declinesAnUnknownToken() throws Exception {
        AuthorizationOutcome outcome = provider.authorize(request("p-1", "pm_whatever")).get(1, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new AuthorizationOutcome.Declined("unknown payment method token"));
    }

    @Test
    void refundsWithoutFailing() {
        provider.refund("p-1", "r-1", AMOUNT);
    }

    private static AuthorizationRequest request(String paymentId, String token) {
        return new AuthorizationRequest(paymentId, "o-1", AMOUNT, token);
    }

    private static void assertTransientFailure(CompletableFuture<AuthorizationOutcome> answer) {
        assertThatThrownBy(() -> answer.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TransientProviderFailure.class);
    }
}
