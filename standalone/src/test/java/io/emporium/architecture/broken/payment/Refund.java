package io.emporium.architecture.broken.payment;

/** Keeps the rules about the payment module non-empty in the broken layout; breaks none itself (the broken saga uses it). */
public record Refund(long amountMinor) {
}
