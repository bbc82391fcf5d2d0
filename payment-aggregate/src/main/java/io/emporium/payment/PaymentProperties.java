package io.emporium.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the payment module, under {@code emporium.payment}.
 *
 * @param provider                which provider authorizes payments: {@code http} (the default; settings under
 *                                {@code emporium.payment.http}) or {@code simulated} (profiles local, test and
 *                                benchmark only)
 * @param providerLateAnswerDelay how long the simulated provider takes to approve the {@code pm_late} token
 * @param retry                   how the provider gateway retries transient failures of the simulated provider (the
 *                                HTTP provider retries on its own, under {@code resilience4j.retry})
 * @param cache                   whether payments loaded by a command stay in memory for the next one (decision 0027)
 * @param cacheEntries            how many payments the cache holds at most, the least recently used dropped first
 */
@ConfigurationProperties("emporium.payment")
public record PaymentProperties(@DefaultValue("http") Provider provider,
                                @DefaultValue("60s") Duration providerLateAnswerDelay,
                                @DefaultValue Retry retry,
                                @DefaultValue("true") boolean cache,
                                @DefaultValue("10000") long cacheEntries) {

    public PaymentProperties {
        if (cacheEntries < 1) {
            throw new IllegalArgumentException("emporium.payment.cache-entries must be at least 1, was "
                    + cacheEntries);
        }
    }

    /** The payment providers the platform can be started with. */
    public enum Provider {
        /** A provider's REST API, through the HTTP adapter. */
        HTTP,
        /** The deterministic in-process provider of the test cards. */
        SIMULATED
    }

    /**
     * @param maxAttempts     how many times the provider is asked at most, the first time included
     * @param initialInterval the wait before the first retry; later waits grow exponentially, with jitter
     */
    public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("200ms") Duration initialInterval) {
    }
}
