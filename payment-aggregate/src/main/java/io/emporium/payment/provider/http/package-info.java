/**
 * The payment provider port over HTTP: a provider's REST API (docs/payment-provider-api.md) with timeouts, and
 * Resilience4j's retry, circuit breaker and bulkhead around every call (decision 0036).
 */
package io.emporium.payment.provider.http;
