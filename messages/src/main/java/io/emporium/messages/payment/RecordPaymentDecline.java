package io.emporium.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider declined the authorization, or could not be reached at all; {@code reason} says which. */
public record RecordPaymentDecline(@TargetAggregateIdentifier String paymentId, String reason) {
}
