package io.emporium.payment.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emporium.messages.common.Money;
import io.emporium.payment.provider.AuthorizationOutcome;
import io.emporium.payment.provider.AuthorizationRequest;
import io.emporium.payment.provider.Failures;
import io.emporium.payment.provider.NoAnswerFromProvider;
import io.emporium.payment.provider.PaymentMetrics;
import io.emporium.payment.provider.PaymentProvider;
import io.emporium.payment.provider.ProviderAskedToWait;
import io.emporium.payment.provider.TransientProviderFailure;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PaymentProvider} port spoken over HTTP to a provider's REST API, in the provider-neutral shape of
 * docs/payment-provider-api.md: {@code POST /v1/authorizations} and {@code POST /v1/refunds}, JSON, the payment id
 * (or the refund id) as {@code Idempotency-Key}, the API key as a bearer token.
 *
 * <p>Every call is asynchronous (the JDK's {@link HttpClient#sendAsync}) and bounded: a connect timeout and a read
 * timeout per request. Around it, from the inside out:
 * <ul>
 *     <li>a {@link Bulkhead} bounds the calls in flight; a call beyond it is not made;</li>
 *     <li>a {@link CircuitBreaker} opens on a failure rate of transient failures and then refuses calls until its
 *     wait is over, instead of piling more onto a provider that is down;</li>
 *     <li>a {@link Retry} asks again after a transient failure only (connection error, timeout, 5xx, 429), with
 *     exponential backoff and jitter, or after the provider's own {@code Retry-After} on a 429 (at most
 *     {@code max-retry-after}). Asking again is safe because the idempotency key stays the same.</li>
 * </ul>
 * When none of that brings an answer (retries used up, breaker open, bulkhead full) or the provider says the payment is
 * {@code pending}, the future fails with {@link NoAnswerFromProvider}: nothing is recorded and the order saga's payment
 * deadline decides. An answer the provider gives for good ({@code declined}, {@code failed}, a 4xx) is never retried.
 */
public class HttpPaymentProvider implements PaymentProvider, AutoCloseable {

    /** The name of this provider's Resilience4j retry, circuit breaker and bulkhead instances. */
    public static final String RESILIENCE = "payment-provider";
    public static final String AUTHORIZATIONS = "/v1/authorizations";
    public static final String REFUNDS = "/v1/refunds";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(HttpPaymentProvider.class);
    private static final int MAX_BODY_IN_MESSAGES = 200;

    private final HttpClient client;
    private final URI baseUrl;
    private final String authorization;
    private final Duration readTimeout;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final PaymentMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * A provider with a scheduler of its own for the waits between retries (one daemon thread, which only waits and
     * starts the next asynchronous request), shut down by {@link #close()}.
     */
    public HttpPaymentProvider(HttpProviderProperties settings, Retry retry, CircuitBreaker breaker, Bulkhead bulkhead,
                               PaymentMetrics metrics, Clock clock) {
        this.baseUrl = Objects.requireNonNull(settings, "settings").baseUrl();
        this.authorization = "Bearer " + settings.apiKey();
        this.readTimeout = settings.readTimeout();
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.retry = Objects.requireNonNull(retry, "retry");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.bulkhead = Objects.requireNonNull(bulkhead, "bulkhead");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "http-payment-provider-retries");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletableFuture<AuthorizationOutcome> authorize(AuthorizationRequest request) {
        ObjectNode body = json.createObjectNode()
                              .put("paymentId", request.paymentId())
                              .put("orderId", request.orderId())
                              .put("paymentMethodToken", request.paymentMethodToken());
        amount(body, request.amount());
        return call("authorize", AUTHORIZATIONS, request.paymentId(), body, HttpPaymentProvider::authorization);
    }

    @Override
    public CompletionStage<Void> refund(String paymentId, String refundId, Money amount) {
        ObjectNode body = json.createObjectNode().put("paymentId", paymentId).put("refundId", refundId);
        amount(body, amount);
        return call("refund", REFUNDS, refundId, body, HttpPaymentProvider::refunded);
    }

    /** Stops the retry scheduler; retries not yet started are never made. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private <T> CompletableFuture<T> call(String operation, String path, String idempotencyKey, ObjectNode body,
                                          Function<JsonNode, T> interpret) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
                                         .timeout(readTimeout)
                                         .header("Authorization", authorization)
                                         .header(IDEMPOTENCY_KEY, idempotencyKey)
                                         .header("Content-Type", "application/json")
                                         .header("Accept", "application/json")
                                         .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                         .build();
        Supplier<CompletionStage<T>> once = () -> exchange(operation, request, interpret);
        Supplier<CompletionStage<T>> guarded = Retry.decorateCompletionStage(retry, scheduler,
                CircuitBreaker.decorateCompletionStage(breaker, Bulkhead.decorateCompletionStage(bulkhead, once)));
        CompletableFuture<T> answer = new CompletableFuture<>();
        CompletionStage<T> attempts;
        try {
            attempts = guarded.get();
        } catch (RuntimeException failure) {
            attempts = CompletableFuture.failedFuture(failure);
        }
        attempts.whenComplete((value, failure) -> {
            if (failure == null) {
                answer.complete(value);
            } else {
                answer.completeExceptionally(afterAttempts(operation, idempotencyKey, Failures.unwrap(failure)));
            }
        });
        return answer;
    }

    /** One request and its answer, timed; transient failures as {@link TransientProviderFailure}. */
    private <T> CompletionStage<T> exchange(String operation, HttpRequest request, Function<JsonNode, T> interpret) {
        Timer.Sample sample = metrics.startCall();
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException failure) {
            sent = CompletableFuture.failedFuture(failure);
        }
        // Completed by hand rather than by a dependent stage, so that the retry and the breaker see the failure itself,
        // not wrapped in a CompletionException.
        CompletableFuture<T> answer = new CompletableFuture<>();
        sent.whenComplete((response, failure) -> {
            try {
                answer.complete(answerOf(operation, sample, response, failure, interpret));
            } catch (RuntimeException notAnAnswer) {
                answer.completeExceptionally(notAnAnswer);
            }
        });
        return answer;
    }

    private <T> T answerOf(String operation, Timer.Sample sample, HttpResponse<String> response, Throwable failure,
                           Function<JsonNode, T> interpret) {
        if (failure != null) {
            Throwable cause = Failures.unwrap(failure);
            boolean timedOut = cause instanceof HttpTimeoutException;
            sample.stop(metrics.callTimer(operation, timedOut ? "timeout" : "unreachable"));
            if (timedOut || cause instanceof IOException) {
                throw new TransientProviderFailure((timedOut ? "no answer within the timeout: "
                        : "provider unreachable: ") + cause, cause);
            }
            throw new ProviderFailure("the request to the provider failed: " + cause);
        }
        int status = response.statusCode();
        if (status == 429) {
            sample.stop(metrics.callTimer(operation, "rate_limited"));
            throw new ProviderAskedToWait("provider answered HTTP 429 (too many requests)",
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        if (status >= 500 || status == 408) {
            sample.stop(metrics.callTimer(operation, "server_error"));
            throw new TransientProviderFailure("provider answered HTTP " + status + ": " + brief(response.body()));
        }
        if (status < 200 || status > 299) {
            sample.stop(metrics.callTimer(operation, "client_error"));
            throw new ProviderFailure("provider refused the request with HTTP " + status + ": "
                    + brief(response.body()));
        }
        sample.stop(metrics.callTimer(operation, "answered"));
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException unreadable) {
            throw new ProviderFailure("provider answered HTTP " + status + " with a body that is not JSON: "
                    + brief(response.body()));
        }
        return interpret.apply(answer);
    }

    private static AuthorizationOutcome authorization(JsonNode answer) {
        String status = answer.path("status").asText("");
        return switch (status) {
            case "approved" -> {
                String reference = answer.path("reference").asText("");
                if (reference.isBlank()) {
                    throw new ProviderFailure("provider approved without a reference: " + brief(answer.toString()));
                }
                yield new AuthorizationOutcome.Approved(reference);
            }
            case "declined" -> new AuthorizationOutcome.Declined(answer.path("reason").asText("declined by the provider"));
            case "pending" -> throw new NoAnswerFromProvider("the provider has not decided yet (pending)");
            case "failed" -> throw new ProviderFailure("the provider failed the payment: "
                    + answer.path("reason").asText("no reason given"));
            default -> throw new ProviderFailure("provider answered an unknown status: " + brief(answer.toString()));
        };
    }

    private static Void refunded(JsonNode answer) {
        String status = answer.path("status").asText("");
        return switch (status) {
            // Pending: the provider took the refund and settles it later; nothing is left to ask.
            case "refunded", "pending" -> null;
            case "failed" -> throw new ProviderFailure("the provider failed the refund: "
                    + answer.path("reason").asText("no reason given"));
            default -> throw new ProviderFailure("provider answered an unknown refund status: "
                    + brief(answer.toString()));
        };
    }

    /** What the caller learns once the retry, the breaker and the bulkhead are through. */
    private Throwable afterAttempts(String operation, String idempotencyKey, Throwable failure) {
        Throwable outcome;
        if (failure instanceof TransientProviderFailure) {
            outcome = new NoAnswerFromProvider("no answer from the provider after "
                    + retry.getRetryConfig().getMaxAttempts() + " attempts: " + failure.getMessage(), failure);
        } else if (failure instanceof CallNotPermittedException) {
            outcome = new NoAnswerFromProvider("the provider's circuit breaker is open; it was not called", failure);
        } else if (failure instanceof BulkheadFullException) {
            outcome = new NoAnswerFromProvider("too many calls to the provider are in flight; it was not called",
                    failure);
        } else {
            outcome = failure;
        }
        log.warn("Payment provider {} {}: {}", operation, idempotencyKey, outcome.getMessage());
        return outcome;
    }

    /** A {@code Retry-After} in seconds or as an HTTP date (RFC 9110 section 10.2.3); null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static void amount(ObjectNode body, Money amount) {
        body.put("amount", amount.amountMinor()).put("currency", amount.currency());
    }

    private static String brief(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_BODY_IN_MESSAGES ? body : body.substring(0, MAX_BODY_IN_MESSAGES) + "...";
    }


    /** The provider answered for good that it will not do this; asking again would give the same answer. */
    static final class ProviderFailure extends RuntimeException {
        ProviderFailure(String message) {
            super(message);
        }
    }
}
