/**
 * Upcasters of the contract's events (decision 0052): each takes one stored revision of one event type to the next,
 * on the Jackson serializer's {@code JsonNode}. The platform registers each as a Spring bean, which Axon's Spring Boot
 * auto-configuration puts in the upcaster chain of every assembly's event store, standalone or on Axon Server.
 *
 * <p>The rules: a field may be added freely (a stored event without it reads as {@code null}); a name is never
 * reused for another meaning; every other change (a rename, a new field whose value older events must have, a
 * split, a removed field) raises the event's {@code @Revision} and comes with an upcaster here.
 */
package io.emporium.messages.upcasting;
