package io.emporium.messages.payment;

import io.emporium.messages.common.Money;

public record PaymentAuthorized(String paymentId, String orderId, Money amount, String providerReference) {
}
