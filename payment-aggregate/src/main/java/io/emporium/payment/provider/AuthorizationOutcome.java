package io.emporium.payment.provider;

/** The provider's answer to an authorization request. Failures to answer are not outcomes. */
public sealed interface AuthorizationOutcome {

    /** The provider approved; {@code providerReference} is its identifier for the authorization. */
    record Approved(String providerReference) implements AuthorizationOutcome {
    }

    /** The provider refused; {@code reason} says why, in words a support person can read. */
    record Declined(String reason) implements AuthorizationOutcome {
    }
}
