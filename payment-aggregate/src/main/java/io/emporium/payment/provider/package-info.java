/**
 * The payment provider port and what sits on either side of it: {@link io.emporium.payment.provider.PaymentProvider}
 * (the port), {@link io.emporium.payment.provider.SimulatedPaymentProvider} (the deterministic in-process default)
 * and {@link io.emporium.payment.provider.PaymentProviderGateway}, the event handler that turns authorization
 * requests into provider calls and the provider's answers into commands. Calling the provider is a side effect,
 * so it lives here and never in the aggregate.
 */
package io.emporium.payment.provider;
