package io.emporium.payment.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.MetaDataKeys;
import io.emporium.messages.common.Money;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.RecordPaymentAuthorization;
import io.emporium.messages.payment.RecordPaymentDecline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentProviderGatewayTest {

    private static final String PAYMENT_ID = "5a8f7d8e-3c1b-3f0e-9a47-1f3e2b6c9d10";
    private static final String ORDER_ID = "0c6f1d3a-8b2e-4f5a-9c7d-2e1b3a4c5d6e";
    private static final Money AMOUNT = Money.of(5_000, "EUR");
    private static final PaymentAuthorizationRequested REQUESTED =
            new PaymentAuthorizationRequested(PAYMENT_ID, ORDER_ID, AMOUNT, "pm_any");
    private static final int MAX_ATTEMPTS = 4;
    private static final long WAIT_MILLIS = 5_000;

    private final CommandGateway commandGateway = mock(CommandGateway.class);
    private final ScriptedProvider provider = new ScriptedProvider();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private PaymentProviderGateway gateway;

    @BeforeEach
    void setUp() {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));
        gateway = new PaymentProviderGateway(provider, commandGateway, MAX_ATTEMPTS, Duration.ofMillis(5),
                                             new PaymentMetrics(meters));
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    @Test
    void recordsAnApprovedAuthorization() {
        provider.answers(approved("ref-1"));

        gateway.on(REQUESTED);

        verify(commandGateway, timeout(WAIT_MILLIS)).send(command(new RecordPaymentAuthorization(PAYMENT_ID, "ref-1")));
        verify(commandGateway, times(1)).send(any());
        assertThat(provider.requests()).containsExactly(
                new AuthorizationRequest(PAYMENT_ID, ORDER_ID, AMOUNT, "pm_any"));
    }

    @Test
    void recordsADeclineWithTheProvidersReason() {
        provider.answers(declined("card declined: insufficient funds"));

        gateway.on(REQUESTED);

        verify(commandGateway, timeout(WAIT_MILLIS))
                .send(command(new RecordPaymentDecline(PAYMENT_ID, "card declined: insufficient funds")));
        verify(commandGateway, times(1)).send(any());
    }

    @Test
    void retriesTransientFailuresAndRecordsTheLaterApprovalOnce() {
        provider.answers(transientFailure(), transientFailure(), approved("ref-1"));

        gateway.on(REQUESTED);

        verify(commandGateway, timeout(WAIT_MILLIS)).send(command(new RecordPaymentAuthorization(PAYMENT_ID, "ref-1")));
        verify(commandGateway, after(100).times(1)).send(any());
        assertThat(provider.requests()).hasSize(3);
    }

    @Test
    void declinesAsUnavailableWhenEveryAttemptFailsTransiently() {
        provider.answers(transientFailure(), transientFailure(), transientFailure(), transientFailure(),
                approved("too-late"));

        gateway.on(REQUESTED);

        verify(commandGateway, timeout(WAIT_MILLIS)).send(argThat((Object message) ->
                ((CommandMessage<?>) message).getPayload() instanceof RecordPaymentDecline decline
                        && decline.paymentId().equals(PAYMENT_ID)
                        && decline.reason().startsWith("payment provider unavailable after 4 attempts: ")));
        verify(commandGateway, after(100).times(1)).send(any());
        assertThat(provider.requests()).hasSize(MAX_ATTEMPTS);
    }

    @Test
    void sendsNothingWhenTheProviderNeverAnswers() {
        provider.answers(CompletableFuture::new);

        gateway.on(REQUESTED);

        verify(commandGateway, after(200).never()).send(any());
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void returnsBeforeTheProviderAnswersAndRecordsTheAnswerWhenItComes() {
        CompletableFuture<AuthorizationOutcome> pending = new CompletableFuture<>();
        provider.answers(() -> pending);

        gateway.on(REQUESTED);
        verify(commandGateway, never()).send(any());

        pending.complete(new AuthorizationOutcome.Approved("ref-1"));
        verify(commandGateway, timeout(WAIT_MILLIS)).send(command(new RecordPaymentAuthorization(PAYMENT_ID, "ref-1")));
    }

    @Test
    void declinesWithoutRetryingWhenTheProviderFailsForAnotherReason() {
        provider.answers(() -> CompletableFuture.failedFuture(new IllegalStateException("bad request")),
                approved("ref-1"));

        gateway.on(REQUESTED);

        verify(commandGateway, timeout(WAIT_MILLIS))
                .send(command(new RecordPaymentDecline(PAYMENT_ID, "payment provider failed: bad request")));
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void retriesAProviderThatThrowsATransientFailureInsteadOfReturningIt() {
        provider.answers(() -> {
            throw new TransientProviderFailure("connection refused");
        }, approved("ref-1"));

        gateway.on(REQUESTED);

        verify(commandGateway, timeout(WAIT_MILLIS)).send(command(new RecordPaymentAuthorization(PAYMENT_ID, "ref-1")));
        assertThat(provider.requests()).hasSize(2);
    }

    @Test
    void survivesACommandThatCannotBeSent() {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.failedFuture(new IllegalStateException("down")));
        provider.answers(approved("ref-1"));

        gateway.on(REQUESTED);

        verify(commandGateway, timeout(WAIT_MILLIS)).send(command(new RecordPaymentAuthorization(PAYMENT_ID, "ref-1")));
    }

    @Test
    void passesRefundsOnToTheProvider() {
        Money refund = Money.of(1_000, "EUR");

        gateway.on(new PaymentRefunded(PAYMENT_ID, ORDER_ID, "r-1", refund, refund, "order cancelled"));

        assertThat(provider.refunds()).containsExactly(List.of(PAYMENT_ID, "r-1", refund));
        assertThat(count("refunded")).isEqualTo(1.0);
    }

    @Test
    void countsARefundTheProviderCouldNotMake() {
        Money refund = Money.of(1_000, "EUR");
        provider.refundAnswer = CompletableFuture.failedFuture(new NoAnswerFromProvider("circuit breaker open"));

        gateway.on(new PaymentRefunded(PAYMENT_ID, ORDER_ID, "r-1", refund, refund, "order cancelled"));

        assertThat(count("refund_failed")).isEqualTo(1.0);
        assertThat(count("refunded")).isZero();
    }

    @Test
    void sendsNothingWhenTheProviderGivesNoAnswerAndLeavesItToTheDeadline() {
        provider.answers(() -> CompletableFuture.failedFuture(new NoAnswerFromProvider("circuit breaker open")));

        gateway.on(REQUESTED);

        verify(commandGateway, after(300).never()).send(any());
        assertThat(provider.requests()).hasSize(1);
        assertThat(count("unanswered")).isEqualTo(1.0);
    }

    @Test
    void countsEachAnswerByItsOutcome() {
        provider.answers(approved("ref-1"), declined("no funds"));

        gateway.on(REQUESTED);
        gateway.on(new PaymentAuthorizationRequested("p-2", ORDER_ID, AMOUNT, "pm_any"));

        verify(commandGateway, timeout(WAIT_MILLIS).times(2)).send(any());
        assertThat(count("authorized")).isEqualTo(1.0);
        assertThat(count("declined")).isEqualTo(1.0);
        assertThat(count("failed")).isZero();
    }

    private double count(String outcome) {
        return meters.get(PaymentMetrics.PAYMENTS).tag("outcome", outcome).counter().count();
    }

    private static Supplier<CompletableFuture<AuthorizationOutcome>> approved(String reference) {
        return () -> CompletableFuture.completedFuture(new AuthorizationOutcome.Approved(reference));
    }

    private static Supplier<CompletableFuture<AuthorizationOutcome>> declined(String reason) {
        return () -> CompletableFuture.completedFuture(new AuthorizationOutcome.Declined(reason));
    }

    private static Supplier<CompletableFuture<AuthorizationOutcome>> transientFailure() {
        return () -> CompletableFuture.failedFuture(new TransientProviderFailure("provider overloaded"));
    }

    /** A provider that gives its scripted answers in order, one per call, and records what it was asked. */
    private static final class ScriptedProvider implements PaymentProvider {

        private final ConcurrentLinkedQueue<Supplier<CompletableFuture<AuthorizationOutcome>>> script =
                new ConcurrentLinkedQueue<>();
        private final List<AuthorizationRequest> requests = new CopyOnWriteArrayList<>();
        private final List<List<Object>> refunds = new CopyOnWriteArrayList<>();
        private volatile CompletableFuture<Void> refundAnswer = CompletableFuture.completedFuture(null);

        @SafeVarargs
        final void answers(Supplier<CompletableFuture<AuthorizationOutcome>>... answers) {
            for (Supplier<CompletableFuture<AuthorizationOutcome>> answer : answers) {
                script.add(answer);
            }
        }

        @Override
        public CompletableFuture<AuthorizationOutcome> authorize(AuthorizationRequest request) {
            requests.add(request);
            Supplier<CompletableFuture<AuthorizationOutcome>> next = script.poll();
            if (next == null) {
                throw new AssertionError("the provider was asked more often than scripted");
            }
            return next.get();
        }

        @Override
        public CompletionStage<Void> refund(String paymentId, String refundId, Money amount) {
            refunds.add(List.of(paymentId, refundId, amount));
            return refundAnswer;
        }

        List<AuthorizationRequest> requests() {
            return new ArrayList<>(requests);
        }

        List<List<Object>> refunds() {
            return new ArrayList<>(refunds);
        }
    }

    /** A command message whose payload is {@code payload}, sent on the gateway's own account. */
    private static Object command(Object payload) {
        return argThat((Object message) -> message instanceof CommandMessage<?> command
                && command.getPayload().equals(payload)
                && Caller.of(command.getMetaData()).equals(PaymentProviderGateway.PROVIDER));
    }

    @Test
    void theAnswerCarriesTheRequestsCorrelationId() {
        provider.answers(approved("ref-1"));

        gateway.on(REQUESTED, MetaData.with(MetaDataKeys.CORRELATION_ID, "checkout-1"));

        verify(commandGateway, timeout(WAIT_MILLIS)).send(argThat((Object message) ->
                message instanceof CommandMessage<?> command
                        && "checkout-1".equals(command.getMetaData().get(MetaDataKeys.CORRELATION_ID))));
    }
}
