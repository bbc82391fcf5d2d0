package io.emporium.payment.provider;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.MetaDataKeys;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.RecordPaymentAuthorization;
import io.emporium.messages.payment.RecordPaymentDecline;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the payment provider for every requested authorization and records its answer on the payment
 * through a command: {@link RecordPaymentAuthorization} when approved, {@link RecordPaymentDecline} with the
 * provider's reason when declined. Refunds are passed on to the provider as they happen.
 *
 * <p>A {@link TransientProviderFailure} is retried with exponential backoff and random jitter, up to the
 * configured number of attempts; when they are used up the payment is declined with a reason starting
 * {@code "payment provider unavailable after N attempts"}. Any other failure is not retried and declines the
 * payment with a reason starting {@code "payment provider failed"}: the port promises that only transient
 * failures are worth asking again.
 *
 * <p>If the provider never answers, or says it gives no answer ({@link NoAnswerFromProvider}: the HTTP provider's
 * own retries used up, its circuit breaker open, its bulkhead full), nothing is sent and nothing waits: the payment
 * stays requested and the order saga's deadline compensates the order. An answer arriving after that is still recorded, and the saga
 * refunds it.
 *
 * <p>The event handler only starts the call; waiting, retries and the answer run on this gateway's
 * scheduler, never on the event processor's thread. The answer command is sent asynchronously; if sending it
 * fails, the failure is logged with the payment and order ids and the saga's deadline covers the payment.
 * A redelivered event asks the provider again under the same payment id, and the payment ignores a repeated
 * answer, so handling an event twice is harmless.
 */
@ProcessingGroup(PaymentProviderGateway.PROCESSING_GROUP)
public class PaymentProviderGateway implements AutoCloseable {

    /** The processing group (and event processor) of this gateway. */
    public static final String PROCESSING_GROUP = "payment-provider";

    private static final double BACKOFF_MULTIPLIER = 2.0;
    private static final double JITTER_FACTOR = 0.5;

    private static final Logger log = LoggerFactory.getLogger(PaymentProviderGateway.class);

    private final PaymentProvider provider;
    private final CommandGateway commandGateway;
    private final int maxAttempts;
    private final Retry retry;
    /** The caller of the answer commands: this gateway, on the platform's own account. */
    static final Caller PROVIDER = new Caller("system:payment-provider", Set.of(Caller.SYSTEM));

    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final PaymentMetrics metrics;

    /**
     * A gateway with a scheduler of its own (two daemon threads), shut down by {@link #close()}.
     *
     * @param maxAttempts     how many times the provider is asked at most, the first time included
     * @param initialInterval the wait before the first retry; each later wait is twice as long, give or take
     *                        half of it at random
     */
    public PaymentProviderGateway(PaymentProvider provider, CommandGateway commandGateway, int maxAttempts,
                                  Duration initialInterval) {
        this(provider, commandGateway, maxAttempts, initialInterval, daemonScheduler(), true,
             PaymentMetrics.unregistered());
    }

    /** A gateway with a scheduler of its own, shut down by {@link #close()}, that counts outcomes in {@code metrics}. */
    public PaymentProviderGateway(PaymentProvider provider, CommandGateway commandGateway, int maxAttempts,
                                  Duration initialInterval, PaymentMetrics metrics) {
        this(provider, commandGateway, maxAttempts, initialInterval, daemonScheduler(), true, metrics);
    }

    /** A gateway that runs retries and answers on {@code scheduler}, which stays the caller's to shut down. */
    public PaymentProviderGateway(PaymentProvider provider, CommandGateway commandGateway, int maxAttempts,
                                  Duration initialInterval, ScheduledExecutorService scheduler) {
        this(provider, commandGateway, maxAttempts, initialInterval, scheduler, false, PaymentMetrics.unregistered());
    }

    private PaymentProviderGateway(PaymentProvider provider, CommandGateway commandGateway, int maxAttempts,
                                   Duration initialInterval, ScheduledExecutorService scheduler,
                                   boolean ownsScheduler, PaymentMetrics metrics) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(initialInterval, "initialInterval");
        if (initialInterval.toMillis() < 1) {
            throw new IllegalArgumentException("initial interval must be at least 1 ms: " + initialInterval);
        }
        this.provider = Objects.requireNonNull(provider, "provider");
        this.commandGateway = Objects.requireNonNull(commandGateway, "commandGateway");
        this.maxAttempts = maxAttempts;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.retry = Retry.of(PROCESSING_GROUP, RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        initialInterval, BACKOFF_MULTIPLIER, JITTER_FACTOR))
                .retryExceptions(TransientProviderFailure.class)
                .build());
    }

    /** For a request that carries no metadata (tests). */
    public void on(PaymentAuthorizationRequested event) {
        on(event, MetaData.emptyInstance());
    }

    /**
     * Asks the provider. The answer command is sent later, on the scheduler, outside this handler's unit of work,
     * so the request's correlation id is carried over by hand; the caller is this gateway.
     */
    @EventHandler
    public void on(PaymentAuthorizationRequested event, MetaData metaData) {
        Map<String, Object> answerMetaData = new HashMap<>(PROVIDER.toMetaData());
        Object correlationId = metaData.get(MetaDataKeys.CORRELATION_ID);
        if (correlationId != null) {
            answerMetaData.put(MetaDataKeys.CORRELATION_ID, correlationId);
        }
        MetaData answer = MetaData.from(answerMetaData);
        AuthorizationRequest request = new AuthorizationRequest(
                event.paymentId(), event.orderId(), event.amount(), event.paymentMethodToken());
        AtomicInteger attempts = new AtomicInteger();
        Retry.decorateCompletionStage(retry, scheduler, () -> attempt(request, attempts.incrementAndGet()))
                .get()
                .whenCompleteAsync((outcome, failure) -> record(request, answer, outcome, failure, attempts.get()),
                        scheduler);
    }

    /**
     * Passes the refund on to the provider without waiting for it. A refund the provider could not make is logged
     * with its ids and counted ({@code outcome=refund_failed}); asking again under the same refund id is harmless.
     */
    @EventHandler
    public void on(PaymentRefunded event) {
        log.info("Refunding {} of payment {} for order {} (refund {})",
                event.amount(), event.paymentId(), event.orderId(), event.refundId());
        CompletionStage<Void> refunded;
        try {
            refunded = provider.refund(event.paymentId(), event.refundId(), event.amount());
        } catch (RuntimeException failure) {
            refunded = CompletableFuture.failedFuture(failure);
        }
        refunded.whenComplete((done, failure) -> {
            if (failure == null) {
                metrics.count(PaymentMetrics.Outcome.REFUNDED);
            } else {
                metrics.count(PaymentMetrics.Outcome.REFUND_FAILED);
                log.error("The payment provider did not make refund {} of {} of payment {} for order {}",
                        event.refundId(), event.amount(), event.paymentId(), event.orderId(), Failures.unwrap(failure));
            }
        });
    }

    /** Stops the scheduler if this gateway created it; calls still under way are dropped. */
    @Override
    public void close() {
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    private CompletionStage<AuthorizationOutcome> attempt(AuthorizationRequest request, int attempt) {
        log.info("Asking the payment provider to authorize payment {} for order {}: attempt {} of {}",
                request.paymentId(), request.orderId(), attempt, maxAttempts);
        CompletableFuture<AuthorizationOutcome> answer;
        try {
            answer = provider.authorize(request);
        } catch (RuntimeException failure) {
            // A retry runs on the scheduler, where a thrown exception would be lost with the answer.
            answer = CompletableFuture.failedFuture(failure);
        }
        if (answer == null) {
            answer = CompletableFuture.failedFuture(new IllegalStateException("the provider returned no answer"));
        }
        answer.whenComplete((outcome, failure) -> {
            if (Failures.unwrap(failure) instanceof TransientProviderFailure transientFailure) {
                if (attempt < maxAttempts) {
                    log.warn("Payment provider failed transiently for payment {} of order {} on attempt {} of {}, "
                                    + "retrying: {}", request.paymentId(), request.orderId(), attempt, maxAttempts,
                            transientFailure.getMessage());
                } else {
                    log.warn("Payment provider failed transiently for payment {} of order {} on attempt {} of {}, "
                                    + "giving up: {}", request.paymentId(), request.orderId(), attempt, maxAttempts,
                            transientFailure.getMessage());
                }
            }
        });
        return answer;
    }

    private void record(AuthorizationRequest request, MetaData answer, AuthorizationOutcome outcome,
                        Throwable failure, int attempts) {
        String paymentId = request.paymentId();
        if (failure == null && outcome instanceof AuthorizationOutcome.Approved approved) {
            log.info("Payment {} for order {} approved by the provider ({})",
                    paymentId, request.orderId(), approved.providerReference());
            metrics.count(PaymentMetrics.Outcome.AUTHORIZED);
            send(request, answer, new RecordPaymentAuthorization(paymentId, approved.providerReference()));
        } else if (failure == null && outcome instanceof AuthorizationOutcome.Declined declined) {
            log.info("Payment {} for order {} declined by the provider: {}",
                    paymentId, request.orderId(), declined.reason());
            metrics.count(PaymentMetrics.Outcome.DECLINED);
            send(request, answer, new RecordPaymentDecline(paymentId, declined.reason()));
        } else if (Failures.unwrap(failure) instanceof TransientProviderFailure transientFailure) {
            log.warn("Payment provider unavailable for payment {} of order {} after {} attempts",
                    paymentId, request.orderId(), attempts);
            metrics.count(PaymentMetrics.Outcome.FAILED);
            send(request, answer, new RecordPaymentDecline(paymentId, "payment provider unavailable after "
                    + attempts + " attempts: " + transientFailure.getMessage()));
        } else if (Failures.unwrap(failure) instanceof NoAnswerFromProvider noAnswer) {
            log.warn("No answer from the payment provider for payment {} of order {}: {}; the order's payment deadline"
                    + " decides", paymentId, request.orderId(), noAnswer.getMessage());
            metrics.count(PaymentMetrics.Outcome.UNANSWERED);
        } else {
            Throwable cause = failure == null
                    ? new IllegalStateException("the provider answered without an outcome")
                    : Failures.unwrap(failure);
            log.error("Payment provider failed for payment {} of order {}; declining it",
                    paymentId, request.orderId(), cause);
            metrics.count(PaymentMetrics.Outcome.FAILED);
            send(request, answer,
                 new RecordPaymentDecline(paymentId, "payment provider failed: " + cause.getMessage()));
        }
    }

    private void send(AuthorizationRequest request, MetaData metaData, Object command) {
        try {
            commandGateway.send(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData))
                          .whenComplete((result, failure) -> {
                if (failure != null) {
                    logSendFailure(request, command, Failures.unwrap(failure));
                }
            });
        } catch (RuntimeException failure) {
            logSendFailure(request, command, failure);
        }
    }

    private static void logSendFailure(AuthorizationRequest request, Object command, Throwable failure) {
        log.error("Could not send {} for payment {} of order {}",
                command, request.paymentId(), request.orderId(), failure);
    }


    private static ScheduledExecutorService daemonScheduler() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "payment-provider-gateway-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
