package io.emporium.messages.payment;

public enum PaymentStatus {
    AUTHORIZATION_REQUESTED,
    AUTHORIZED,
    DECLINED,
    PARTIALLY_REFUNDED,
    REFUNDED
}
