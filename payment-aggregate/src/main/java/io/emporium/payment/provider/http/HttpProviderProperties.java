package io.emporium.payment.provider.http;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the HTTP payment provider is reached, under {@code emporium.payment.http}; bound only when
 * {@code emporium.payment.provider} is {@code http}. Base URL and API key have no default, so the platform does not
 * start without them. Retries, circuit breaker and bulkhead are Resilience4j's, under
 * {@code resilience4j.*.instances.payment-provider}.
 *
 * @param baseUrl        the provider's API, e.g. {@code https://payments.example.com}; requests go to
 *                       {@code /v1/authorizations} and {@code /v1/refunds} below it (docs/payment-provider-api.md)
 * @param apiKey         the credential sent as {@code Authorization: Bearer <api key>}
 * @param connectTimeout how long opening a connection may take
 * @param readTimeout    how long one request may wait for its answer (then it counts as a transient failure)
 * @param maxRetryAfter  the longest {@code Retry-After} of a 429 that is waited for; a longer one is cut to this
 */
@ConfigurationProperties("emporium.payment.http")
public record HttpProviderProperties(URI baseUrl,
                                     String apiKey,
                                     @DefaultValue("2s") Duration connectTimeout,
                                     @DefaultValue("5s") Duration readTimeout,
                                     @DefaultValue("5s") Duration maxRetryAfter) {

    public HttpProviderProperties {
        if (baseUrl == null || baseUrl.toString().isBlank()) {
            throw new IllegalArgumentException(missing("base-url", "EMPORIUM_PAYMENT_HTTP_BASE_URL"));
        }
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("emporium.payment.http.base-url must be an http or https URL, was "
                    + baseUrl);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException(missing("api-key", "EMPORIUM_PAYMENT_HTTP_API_KEY"));
        }
        requirePositive(connectTimeout, "connect-timeout");
        requirePositive(readTimeout, "read-timeout");
        if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("emporium.payment.http.max-retry-after must not be negative, was "
                    + maxRetryAfter);
        }
    }

    /** Never the API key. */
    @Override
    public String toString() {
        return "HttpProviderProperties[baseUrl=" + baseUrl + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + ", maxRetryAfter=" + maxRetryAfter + "]";
    }

    private static String missing(String name, String variable) {
        return "emporium.payment.http." + name + " (" + variable + ") must be set when emporium.payment.provider is"
                + " http; for a run on a laptop, start with the profile 'local' (the simulated provider)";
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("emporium.payment.http." + name + " must be positive, was " + value);
        }
    }
}
