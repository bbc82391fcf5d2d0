/**
 * The order aggregate: an order is placed under a client-chosen id, starts PENDING and ends CONFIRMED,
 * REJECTED or CANCELLED. Command handlers decide (validate, then apply an event); only event sourcing
 * handlers change state, so replaying an order's events always rebuilds the same order. Repeating a
 * placement or a transition the order is already in changes nothing, which makes client and saga retries
 * safe; every other illegal request is refused with a {@link io.emporium.messages.common.CommandRefusedException}.
 *
 * <p>{@link io.emporium.order.OrderModule} is the one entry point for Spring: assemblies import it rather
 * than scanning this package.
 */
package io.emporium.order;
