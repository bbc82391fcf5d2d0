package io.emporium.payment.provider;

import io.emporium.messages.common.Money;

/** What the provider is asked to authorize; the payment id doubles as the provider's idempotency key. */
public record AuthorizationRequest(String paymentId, String orderId, Money amount, String paymentMethodToken) {
}
