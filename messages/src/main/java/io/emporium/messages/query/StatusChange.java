package io.emporium.messages.query;

import io.emporium.messages.order.OrderStatus;
import java.time.Instant;

/** An order entered {@code status} at {@code at} (the event's timestamp), for {@code reason} ({@code null} when none). */
public record StatusChange(OrderStatus status, Instant at, String reason) {
}
