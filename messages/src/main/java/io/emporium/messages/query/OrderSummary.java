package io.emporium.messages.query;

import io.emporium.messages.common.Money;
import java.time.Instant;
import io.emporium.messages.order.OrderStatus;

/** An order in a customer's list: its status, when it was placed, how many lines, and its total as far as reserved. */
public record OrderSummary(String orderId, OrderStatus status, Instant placedAt, int lineCount, Money total) {
}
