/**
 * The payment aggregate and its Spring wiring. {@link io.emporium.payment.Payment} decides on authorization
 * requests, the provider's answers and refunds, and records each decision as an event of
 * {@code io.emporium.messages.payment}; {@link io.emporium.payment.PaymentModule} is the configuration other
 * modules import. Talking to the payment provider happens in {@code io.emporium.payment.provider}.
 */
package io.emporium.payment;
