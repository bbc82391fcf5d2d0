package io.emporium.messages.payment;

import io.emporium.messages.common.Money;
import org.axonframework.serialization.Revision;

@Revision("1")
public record PaymentAuthorized(String paymentId, String orderId, Money amount, String providerReference) {
}
