package io.emporium.payment.provider;

/**
 * The provider could not give an answer this time (unreachable, overloaded, timed out before it started
 * work). Asking again may succeed; it is the only failure the provider gateway retries.
 */
public class TransientProviderFailure extends RuntimeException {

    public TransientProviderFailure(String message) {
        super(message);
    }

    public TransientProviderFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
