/**
 * The message contract of Emporium: every command, event and query that crosses a module boundary.
 *
 * <p>Naming: commands are imperative ({@code PlaceOrder}), events are past tense ({@code OrderPlaced}),
 * queries are questions ({@code FindOrder}). Everything here is a Java record with no framework beyond
 * Axon's {@code @TargetAggregateIdentifier}.
 *
 * <p>Events are append-only history. Once released, an event record may gain fields but never loses or
 * renames one: stored events must stay readable forever.
 */
package io.emporium.messages;
