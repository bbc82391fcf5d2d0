package io.emporium.messages.query;

/** The payment of an order; answered with a {@link PaymentView}, or {@code null} when none was requested. */
public record FindPaymentOfOrder(String orderId) {
}
