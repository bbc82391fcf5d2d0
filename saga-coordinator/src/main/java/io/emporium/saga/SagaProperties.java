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
 * @param retry            how commands the saga sends are retried when they fail for a transient reason
 * @param processor        how the saga's event processor is sized
 */
@ConfigurationProperties("emporium.saga")
public record SagaProperties(@DefaultValue("30s") Duration paymentTimeout,
                             @DefaultValue("24h") Duration lateAnswerWindow,
                             @DefaultValue Retry retry,
                             @DefaultValue Processor processor) {

    public SagaProperties {
        requirePositive("emporium.saga.payment-timeout", paymentTimeout);
        requirePositive("emporium.saga.late-answer-window", lateAnswerWindow);
        Objects.requireNonNull(retry, "emporium.saga.retry");
        Objects.requireNonNull(processor, "emporium.saga.processor");
    }

    /**
     * The saga's pooled streaming event processor. Its handlers spend most of their time waiting for the commands
     * they send, so it runs more threads than the machine has cores; each thread holds one database connection
     * while it waits, and the command it waits for needs another, so the connection pool must be larger than
     * twice the thread count.
     *
     * @param threads   worker threads, each processing one segment at a time
     * @param segments  segments the event stream is split into the first time the processor runs (later changes
     *                  need a split or merge of the stored tokens)
     * @param batchSize events handled at most in one transaction of one segment; a batch only fills up when events
     *                  are waiting, so a larger size costs no latency when the load is light, and under load saves
     *                  a token update and a commit per event
     */
    public record Processor(@DefaultValue("8") int threads,
                            @DefaultValue("16") int segments,
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
