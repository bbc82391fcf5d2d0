/**
 * Reconciliation: one pass over the event store folded into compact books, checked against the read models and the
 * running sagas, within a time and event budget (decision 0046).
 */
package io.emporium.projections.reconciliation;
