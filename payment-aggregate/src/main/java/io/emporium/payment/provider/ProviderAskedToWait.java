package io.emporium.payment.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider is overloaded and said so (HTTP 429): a transient failure that names, in its {@code Retry-After},
 * how long to wait before asking again. The HTTP provider's retry waits that long instead of its own backoff.
 */
public class ProviderAskedToWait extends TransientProviderFailure {

    private final transient Duration retryAfter;

    /** {@code retryAfter} is null when the provider did not say, or said it in a form that could not be read. */
    public ProviderAskedToWait(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
