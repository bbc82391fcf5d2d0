package io.emporium.edge.payment;

public record RefundAccepted(String paymentId, String refundId) {
}
