package io.emporium.messages.payment;

public record PaymentDeclined(String paymentId, String orderId, String reason) {
}
