package io.emporium.messages.order;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderCancelled(String orderId, String reason) {
}
