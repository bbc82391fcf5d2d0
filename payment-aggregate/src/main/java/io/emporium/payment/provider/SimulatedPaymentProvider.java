package io.emporium.payment.provider;

import io.emporium.messages.common.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-process payment provider that answers by the payment method token alone, the way real providers'
 * test cards do, so every path of the payment flow can be driven on purpose and gives the same result on
 * every run. Any token not listed below is declined with {@value #UNKNOWN_TOKEN_REASON}.
 *
 * <p>Nothing is charged and nothing is remembered except how often each {@link #TRANSIENT} payment was tried.
 */
public class SimulatedPaymentProvider implements PaymentProvider, AutoCloseable {

    /** Approved at once; the provider reference is {@code "sim-"} followed by the payment id. */
    public static final String APPROVE = "pm_approve";

    /** Declined at once with {@value #INSUFFICIENT_FUNDS_REASON}. */
    public static final String DECLINE = "pm_decline";

    /**
     * Fails with {@link TransientProviderFailure} on the first {@value #TRANSIENT_FAILURES} attempts for a
     * payment id, then approves like {@link #APPROVE}. Attempts are counted per payment id, so a caller that
     * retries sees the provider recover.
     */
    public static final String TRANSIENT = "pm_transient";

    /** Never answers: the returned future never completes. Drives the order saga's payment deadline. */
    public static final String NO_ANSWER = "pm_no_answer";

    /**
     * Approves like {@link #APPROVE}, but only after the late-answer delay given to the constructor (60 s by
     * default): an authorization that can arrive after the order saga's deadline has passed.
     */
    public static final String LATE = "pm_late";

    /** The reason given for {@link #DECLINE}. */
    public static final String INSUFFICIENT_FUNDS_REASON = "card declined: insufficient funds";

    /** The reason given for a token this provider does not know. */
    public static final String UNKNOWN_TOKEN_REASON = "unknown payment method token";

    /** How many attempts of a {@link #TRANSIENT} payment fail before it is approved. */
    public static final int TRANSIENT_FAILURES = 2;

    public static final Duration DEFAULT_LATE_ANSWER_DELAY = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(SimulatedPaymentProvider.class);

    private final Duration lateAnswerDelay;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ConcurrentMap<String, Integer> transientAttempts = new ConcurrentHashMap<>();

    /** A provider with the default late-answer delay and a scheduler of its own. */
    public SimulatedPaymentProvider() {
        this(DEFAULT_LATE_ANSWER_DELAY);
    }

    /** A provider with a scheduler of its own (one daemon thread), shut down by {@link #close()}. */
    public SimulatedPaymentProvider(Duration lateAnswerDelay) {
        this(lateAnswerDelay, daemonScheduler(), true);
    }

    /** A provider that schedules late answers on {@code scheduler}, which stays the caller's to shut down. */
    public SimulatedPaymentProvider(Duration lateAnswerDelay, ScheduledExecutorService scheduler) {
        this(lateAnswerDelay, scheduler, false);
    }

    private SimulatedPaymentProvider(Duration lateAnswerDelay, ScheduledExecutorService scheduler,
                                     boolean ownsScheduler) {
        Objects.requireNonNull(lateAnswerDelay, "lateAnswerDelay");
        if (lateAnswerDelay.isNegative()) {
            throw new IllegalArgumentException("late answer delay must not be negative: " + lateAnswerDelay);
        }
        this.lateAnswerDelay = lateAnswerDelay;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
    }

    @Override
    public CompletableFuture<AuthorizationOutcome> authorize(AuthorizationRequest request) {
        String paymentId = request.paymentId();
        String token = request.paymentMethodToken();
        log.info("Simulated provider: authorizing payment {} for order {}, amount {}, token {}",
                paymentId, request.orderId(), request.amount(), token);
        if (token == null) {
            return CompletableFuture.completedFuture(new AuthorizationOutcome.Declined(UNKNOWN_TOKEN_REASON));
        }
        return switch (token) {
            case APPROVE -> CompletableFuture.completedFuture(approved(paymentId));
            case DECLINE -> CompletableFuture.completedFuture(
                    new AuthorizationOutcome.Declined(INSUFFICIENT_FUNDS_REASON));
            case TRANSIENT -> transientThenApproved(paymentId);
            case NO_ANSWER -> new CompletableFuture<>();
            case LATE -> approvedLater(paymentId);
            default -> CompletableFuture.completedFuture(new AuthorizationOutcome.Declined(UNKNOWN_TOKEN_REASON));
        };
    }

    @Override
    public CompletionStage<Void> refund(String paymentId, String refundId, Money amount) {
        log.info("Simulated provider: refunded {} of payment {} (refund {})", amount, paymentId, refundId);
        return CompletableFuture.completedFuture(null);
    }

    /** Stops the scheduler if this provider created it; late answers not yet given are never given. */
    @Override
    public void close() {
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    private CompletableFuture<AuthorizationOutcome> transientThenApproved(String paymentId) {
        int attempt = transientAttempts.merge(paymentId, 1, Integer::sum);
        if (attempt <= TRANSIENT_FAILURES) {
            return CompletableFuture.failedFuture(new TransientProviderFailure(
                    "simulated transient failure, attempt " + attempt + " of payment " + paymentId));
        }
        return CompletableFuture.completedFuture(approved(paymentId));
    }

    private CompletableFuture<AuthorizationOutcome> approvedLater(String paymentId) {
        CompletableFuture<AuthorizationOutcome> answer = new CompletableFuture<>();
        scheduler.schedule(() -> answer.complete(approved(paymentId)),
                lateAnswerDelay.toMillis(), TimeUnit.MILLISECONDS);
        return answer;
    }

    private static AuthorizationOutcome approved(String paymentId) {
        return new AuthorizationOutcome.Approved("sim-" + paymentId);
    }

    private static ScheduledExecutorService daemonScheduler() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulated-payment-provider");
            thread.setDaemon(true);
            return thread;
        });
    }
}
