package io.emporium.saga;

/**
 * How a command the saga sent ended, once retries are over.
 *
 * @param kind   what happened
 * @param detail the refusal's or failure's message; empty when the command was done
 */
public record DeliveryOutcome(Kind kind, String detail) {

    public enum Kind {
        /** The target decided in favour (a repeated command that changed nothing counts too). */
        DONE,
        /** The target refused the command: a decision, not a failure, and asking again would not change it. */
        REFUSED,
        /** The target aggregate does not exist (for a SKU: the product is not in the catalogue). */
        UNKNOWN_TARGET,
        /** No decision could be had within the retries: the command may or may not have been applied. */
        NOT_DELIVERED
    }
}
