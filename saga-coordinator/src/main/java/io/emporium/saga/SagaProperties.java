package io.emporium.saga;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the order fulfilment saga, under {@code emporium.saga}.
 *
 * @param paymentTimeout   how long the saga waits for the payment provider's answer before it rejects the order
 *                         with {@code PAYMENT_TIMEOUT} and releases its stock
 * @param lateAnswerWindow how long a saga whose order has ended keeps waiting for answers still outstanding (a late
 *                         authorization to refund, a reservation to release) before it ends for good
 * @param resendInterval   how long a command the saga sent may stay unanswered before the saga's watchdog sends it
 *                         again (a command lost in a crash, or still undelivered after its retries); well above the
 *                         time a command takes under load, since every resend is work
 * @param retry            how commands the saga sends are retried when they fail for a transient reason
 * @param commands         the threads the saga's commands are dispatched on
 * @param processor        how the saga's event processor is sized
 * @param deadlineRetry    how a deadline whose handler failed is tried again ({@code DeadlineRetries})
 */
@ConfigurationProperties("emporium.saga")
public record SagaProperties(@DefaultValue("30s") Duration paymentTimeout,
                             @DefaultValue("24h") Duration lateAnswerWindow,
                             @DefaultValue("30s") Duration resendInterval,
                             @DefaultValue Retry retry,
                             @DefaultValue Commands commands,
                             @DefaultValue Processor processor,
                             @DefaultValue DeadlineRetry deadlineRetry) {

    public SagaProperties {
        requirePositive("emporium.saga.payment-timeout", paymentTimeout);
        requirePositive("emporium.saga.late-answer-window", lateAnswerWindow);
        requirePositive("emporium.saga.resend-interval", resendInterval);
        Objects.requireNonNull(retry, "emporium.saga.retry");
        Objects.requireNonNull(commands, "emporium.saga.commands");
        Objects.requireNonNull(processor, "emporium.saga.processor");
        Objects.requireNonNull(deadlineRetry, "emporium.saga.deadline-retry");
    }

    /**
     * A deadline whose handler failed is tried again after {@code initialInterval}, the wait doubling up to
     * {@code maxInterval}, rather than after db-scheduler's default of five minutes.
     *
     * @param initialInterval the wait before the first retry
     * @param maxInterval     the longest wait between retries
     */
    public record DeadlineRetry(@DefaultValue("2s") Duration initialInterval,
                                @DefaultValue("60s") Duration maxInterval) {

        public DeadlineRetry {
            requirePositive("emporium.saga.deadline-retry.initial-interval", initialInterval);
            requirePositive("emporium.saga.deadline-retry.max-interval", maxInterval);
        }
    }

    /**
     * The executor {@link CommandDelivery} dispatches the saga's commands on, after the saga's unit of work has
     * committed. In standalone mode a command is decided on this thread (Axon's local command bus), so the threads
     * bound how many of the saga's commands are decided at once.
     *
     * @param threads       dispatching threads
     * @param queueCapacity commands waiting for a thread at most; beyond it a command counts as not delivered and
     *                      the saga's watchdog sends it again later
     */
    public record Commands(@DefaultValue("8") int threads, @DefaultValue("100000") int queueCapacity) {

        public Commands {
            requireAtLeastOne("emporium.saga.commands.threads", threads);
            requireAtLeastOne("emporium.saga.commands.queue-capacity", queueCapacity);
        }
    }

    /**
     * The saga's pooled streaming event processor. Its handlers never wait for the commands they send (decision
     * 0032), and every segment of a saga processor reads every event the saga handles (Axon's saga manager filters
     * saga instances by segment, not events): a few segments, one thread each.
     *
     * @param threads   worker threads, each processing one segment at a time
     * @param segments  segments the saga's tokens are split into; a database holding more (an earlier default of 16)
     *                  is merged down to this many after startup ({@code SegmentMerger})
     * @param batchSize events handled at most in one transaction of one segment; a batch only fills up when events
     *                  are waiting, so a larger size costs no latency when the load is light, and under load saves
     *                  a token update and a commit per event
     */
    public record Processor(@DefaultValue("2") int threads,
                            @DefaultValue("2") int segments,
                            @DefaultValue("16") int batchSize) {

        public Processor {
            requireAtLeastOne("emporium.saga.processor.threads", threads);
            requireAtLeastOne("emporium.saga.processor.segments", segments);
            requireAtLeastOne("emporium.saga.processor.batch-size", batchSize);
        }
    }

    /**
     * @param maxAttempts         how many times a command is sent at most, the first time included
     * @param initialInterval     the wait before the first retry
     * @param multiplier          how much longer each following wait is
     * @param randomizationFactor the jitter: each wait is drawn at random within this fraction either side of it
     * @param maxInterval         no wait is longer than this
     * @param commandTimeout      how long one attempt waits for the command's decision before it counts as failed
     */
    public record Retry(@DefaultValue("5") int maxAttempts,
                        @DefaultValue("200ms") Duration initialInterval,
                        @DefaultValue("2.0") double multiplier,
                        @DefaultValue("0.5") double randomizationFactor,
                        @DefaultValue("5s") Duration maxInterval,
                        @DefaultValue("10s") Duration commandTimeout) {

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("emporium.saga.retry.max-attempts must be at least 1, was " + maxAttempts);
            }
            requirePositive("emporium.saga.retry.initial-interval", initialInterval);
            requirePositive("emporium.saga.retry.max-interval", maxInterval);
            requirePositive("emporium.saga.retry.command-timeout", commandTimeout);
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("emporium.saga.retry.multiplier must be at least 1, was " + multiplier);
            }
            if (randomizationFactor < 0.0 || randomizationFactor >= 1.0) {
                throw new IllegalArgumentException(
                        "emporium.saga.retry.randomization-factor must be in [0, 1), was " + randomizationFactor);
            }
        }
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}
