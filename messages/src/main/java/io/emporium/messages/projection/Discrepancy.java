package io.emporium.messages.projection;

/**
 * One thing the books disagree on.
 *
 * @param kind    what is wrong, in kebab case (e.g. {@code stock-balance-mismatch})
 * @param subject the order id, SKU or payment id it is about
 * @param detail  a sentence with the figures
 */
public record Discrepancy(String kind, String subject, String detail) {
}
