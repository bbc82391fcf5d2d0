package io.emporium.payment.provider;

import io.emporium.messages.common.Money;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
 *     <li>completed exceptionally with {@link NoAnswerFromProvider}: the provider gave no answer and will not
 *     be asked again by this call (its own retries are used up, its circuit breaker is open, too many calls are
 *     in flight, or it said the payment is pending). Nothing is recorded; the order saga's deadline decides;</li>
 *     <li>completed exceptionally with anything else: the provider failed for good (a malformed request, bad
 *     credentials, its own refusal to process), and the payment is declined;</li>
 *     <li>never completed: the provider did not answer. The caller does not wait for it; the order saga's
 *     deadline decides what happens to the order.</li>
 * </ul>
 */
public interface PaymentProvider {

    CompletableFuture<AuthorizationOutcome> authorize(AuthorizationRequest request);

    /**
     * Gives {@code amount} of an authorized payment back; {@code refundId} makes a repeated call harmless. Returns
     * at once, like {@link #authorize}; the stage completes when the provider confirmed the refund and exceptionally
     * when it could not be made.
     */
    CompletionStage<Void> refund(String paymentId, String refundId, Money amount);
}
