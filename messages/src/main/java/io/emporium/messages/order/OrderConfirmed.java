package io.emporium.messages.order;

public record OrderConfirmed(String orderId, String paymentId, String reason) {
}
