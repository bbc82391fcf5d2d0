/**
 * Operator messages of the read models: the state of each projection's event processor, replaying a
 * projection from the start, inspecting, retrying and evicting the events parked in the projections'
 * dead-letter queues, and the reconciliation of the books. Handled by the module {@code query-projections};
 * the HTTP edge reaches them through Axon's gateways only.
 */
package io.emporium.messages.projection;
