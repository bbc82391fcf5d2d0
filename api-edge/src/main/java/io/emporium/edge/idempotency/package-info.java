/**
 * {@code Idempotency-Key} on the command endpoints: a key's first request acts and its answer is kept for repeats;
 * a key is held under a lease, so a crashed request's key is taken over by its retry (decisions 0020 and 0043).
 */
package io.emporium.edge.idempotency;
