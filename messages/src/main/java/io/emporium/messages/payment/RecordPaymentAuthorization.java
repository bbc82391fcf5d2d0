package io.emporium.messages.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider approved the authorization; sent by the provider gateway, not by clients. */
public record RecordPaymentAuthorization(@TargetAggregateIdentifier String paymentId, String providerReference) {
}
