package io.emporium.messages.order;

public record OrderCancelled(String orderId, String reason) {
}
