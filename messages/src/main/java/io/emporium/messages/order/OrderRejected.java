package io.emporium.messages.order;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderRejected(String orderId, RejectionCause cause, String reason) {
}
