/**
 * The message contract of Emporium: every command, event and query that crosses a module boundary.
 *
 * <p>Naming: commands are imperative ({@code PlaceOrder}), events are past tense ({@code OrderPlaced}),
 * queries are questions ({@code FindOrder}). Everything here is a Java record with no framework beyond
 * Axon's {@code @TargetAggregateIdentifier} and {@code @Revision}.
 *
 * <p>Events are append-only history, and stored events must stay readable forever (decision 0052). Every event
 * type carries Axon's {@code @Revision}; one stored without a revision is of revision 1. A field may be added
 * freely; a name is never reused; anything else raises the revision and comes with an upcaster in
 * {@link io.emporium.messages.upcasting}.
 */
package io.emporium.messages;
