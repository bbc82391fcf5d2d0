package io.emporium.messages.order;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderConfirmed(String orderId, String paymentId, String reason) {
}
