package io.emporium.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the payment module, under {@code emporium.payment}.
 *
 * @param providerLateAnswerDelay how long the simulated provider takes to approve the {@code pm_late} token
 * @param retry                   how the provider gateway retries transient provider failures
 */
@ConfigurationProperties("emporium.payment")
public record PaymentProperties(@DefaultValue("60s") Duration providerLateAnswerDelay,
                                @DefaultValue Retry retry) {

    /**
     * @param maxAttempts     how many times the provider is asked at most, the first time included
     * @param initialInterval the wait before the first retry; later waits grow exponentially, with jitter
     */
    public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("200ms") Duration initialInterval) {
    }
}
