package io.emporium.messages.payment;

import io.emporium.messages.common.Money;

public record PaymentAuthorizationRequested(String paymentId, String orderId, Money amount,
                                            String paymentMethodToken) {
}
