package io.emporium.payment.provider.http;

import io.emporium.payment.provider.Failures;
import io.emporium.payment.provider.PaymentMetrics;
import io.emporium.payment.provider.PaymentProvider;
import io.emporium.payment.provider.ProviderAskedToWait;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP payment provider, when {@code emporium.payment.provider} is {@code http} (the default). Its retry,
 * circuit breaker and bulkhead come from Resilience4j's Spring Boot registries, configured under
 * {@code resilience4j.retry|circuitbreaker|bulkhead.instances.payment-provider} like those of any Spring Boot
 * application, so their metrics and actuator endpoints come with them. The retry's wait is Resilience4j's
 * configured backoff, except after a 429 whose {@code Retry-After} says how long to wait.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "emporium.payment", name = "provider", havingValue = "http", matchIfMissing = true)
@EnableConfigurationProperties(HttpProviderProperties.class)
public class HttpPaymentProviderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HttpPaymentProviderConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(PaymentProvider.class)
    HttpPaymentProvider httpPaymentProvider(HttpProviderProperties settings, RetryRegistry retries,
                                            CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
                                            PaymentMetrics metrics) {
        log.info("Payment provider: HTTP, {}", settings);
        return new HttpPaymentProvider(settings, retryHonouringRetryAfter(retries, settings.maxRetryAfter()),
                breakers.circuitBreaker(HttpPaymentProvider.RESILIENCE),
                bulkheads.bulkhead(HttpPaymentProvider.RESILIENCE), metrics, Clock.systemUTC());
    }

    /**
     * The configured retry, with its wait replaced by one that takes a 429's {@code Retry-After} (cut to
     * {@code maxRetryAfter}) and otherwise the configured backoff. Put back into the registry under its own name, so
     * that its metrics and events stay where Resilience4j publishes them.
     */
    static Retry retryHonouringRetryAfter(RetryRegistry retries, Duration maxRetryAfter) {
        RetryConfig configured = retries.retry(HttpPaymentProvider.RESILIENCE).getRetryConfig();
        IntervalBiFunction<Object> backoff = configured.getIntervalBiFunction();
        IntervalBiFunction<Object> wait = (attempt, outcome) -> retryAfter(outcome, maxRetryAfter)
                .orElseGet(() -> backoff.apply(attempt, outcome));
        RetryConfig config = RetryConfig.custom()
                                        .maxAttempts(configured.getMaxAttempts())
                                        .retryOnException(configured.getExceptionPredicate())
                                        .failAfterMaxAttempts(configured.isFailAfterMaxAttempts())
                                        .intervalBiFunction(wait)
                                        .build();
        Retry retry = Retry.of(HttpPaymentProvider.RESILIENCE, config);
        retries.replace(HttpPaymentProvider.RESILIENCE, retry);
        return retry;
    }

    private static Optional<Long> retryAfter(Either<Throwable, Object> outcome, Duration maxRetryAfter) {
        if (outcome == null || !outcome.isLeft()) {
            return Optional.empty();
        }
        if (Failures.unwrap(outcome.getLeft()) instanceof ProviderAskedToWait askedToWait) {
            return askedToWait.retryAfter().map(after -> after.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : after)
                              .map(Duration::toMillis);
        }
        return Optional.empty();
    }
}
