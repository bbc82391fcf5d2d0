package io.emporium.messages.query;

import io.emporium.messages.common.Money;
import java.time.Instant;

/** One refund of a payment, at {@code refundedAt} (the event's timestamp). */
public record RefundView(String refundId, Money amount, String reason, Instant refundedAt) {
}
