package io.emporium.messages.payment;

import org.axonframework.serialization.Revision;

@Revision("1")
public record PaymentDeclined(String paymentId, String orderId, String reason) {
}
