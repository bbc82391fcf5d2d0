package io.emporium.messages.projection;

/**
 * Checks the books: folds the event store up to its head at the start and compares stock, orders, payments
 * and the read models with it; answered with {@link ReconciliationReport}.
 */
public record FindDiscrepancies() {
}
