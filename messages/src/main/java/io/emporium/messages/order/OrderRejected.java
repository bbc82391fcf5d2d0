package io.emporium.messages.order;

public record OrderRejected(String orderId, RejectionCause cause, String reason) {
}
