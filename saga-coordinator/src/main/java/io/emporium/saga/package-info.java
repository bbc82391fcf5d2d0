/**
 * The saga coordinator: {@link io.emporium.saga.OrderFulfilmentSaga}, one per order, takes an order from
 * placement through stock reservation and payment authorization to confirmation, and compensates every failure
 * (release the stock, refund the payment, reject the order saying why). It knows the other modules only through
 * the message contract ({@code io.emporium.messages}); it never depends on an aggregate module.
 *
 * <p>{@link io.emporium.saga.SagaModule} is the one entry point for Spring. The saga never waits for a command:
 * {@link io.emporium.saga.CommandDelivery} sends its commands once the saga's unit of work has committed, and the
 * answers come back as events or, when none comes, as a deadline (decision 0032).
 */
package io.emporium.saga;
