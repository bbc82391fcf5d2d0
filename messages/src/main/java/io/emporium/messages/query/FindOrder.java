package io.emporium.messages.query;

/** The order view of one order; answered with an {@link OrderView}, or {@code null} when no such order is known. */
public record FindOrder(String orderId) {
}
