package io.emporium.payment.provider;

/**
 * The provider gave no answer and this call will not ask it again: its retries are used up on transient failures,
 * its circuit breaker is open, too many calls to it are in flight, or it answered that the payment is still pending.
 * The payment may or may not have been authorized at the provider, so it is neither recorded nor declined: the order
 * saga's payment deadline rejects the order, and an authorization that arrives after that is refunded.
 */
public class NoAnswerFromProvider extends RuntimeException {

    public NoAnswerFromProvider(String message) {
        super(message);
    }

    public NoAnswerFromProvider(String message, Throwable cause) {
        super(message, cause);
    }
}
