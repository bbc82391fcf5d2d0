/**
 * Operator messages of the read models: the state of each projection's event processor, replaying a
 * projection in place from the start, rebuilding projections beside their live read models (a new generation
 * that takes over once it has caught up) and following that rebuild's progress, inspecting, retrying and
 * evicting the events parked in the projections' dead-letter queues, and the reconciliation of the books. Handled by the module {@code query-projections};
 * the HTTP edge reaches them through Axon's gateways only.
 */
package io.emporium.messages.projection;
