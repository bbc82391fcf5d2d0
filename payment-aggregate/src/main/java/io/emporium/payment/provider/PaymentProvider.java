package io.emporium.payment.provider;

import io.emporium.messages.common.Money;

import java.util.concurrent.CompletableFuture;

/**
 * The port to a payment provider. Implementations must not block the calling thread: {@link #authorize}
 * returns at once and answers through its future.
 *
 * <p>How the future ends says what happened:
 * <ul>
 *     <li>completed with {@link AuthorizationOutcome.Approved} or {@link AuthorizationOutcome.Declined}: the
 *     provider answered;</li>
 *     <li>completed exceptionally with {@link TransientProviderFailure}: the provider could not be reached or
 *     failed in a way that may pass, so asking again is safe;</li>
 *     <li>never completed: the provider did not answer. The caller does not wait for it; the order saga's
 *     deadline decides what happens to the order.</li>
 * </ul>
 */
public interface PaymentProvider {

    CompletableFuture<AuthorizationOutcome> authorize(AuthorizationRequest request);

    /** Gives {@code amount} of an authorized payment back; {@code refundId} makes a repeated call harmless. */
    void refund(String paymentId, String refundId, Money amount);
}
