package io.emporium.messages.order;

/** The kind of failure that rejected an order; the event's reason gives the details. */
public enum RejectionCause {
    OUT_OF_STOCK,
    UNKNOWN_PRODUCT,
    PAYMENT_DECLINED,
    PAYMENT_TIMEOUT,
    OTHER
}
