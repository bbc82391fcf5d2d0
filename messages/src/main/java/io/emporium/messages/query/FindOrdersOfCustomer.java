package io.emporium.messages.query;

import io.emporium.messages.order.OrderStatus;

/**
 * One page of a customer's orders, newest first, optionally only those in {@code status} ({@code null}: all);
 * answered with an {@link OrderSummaryPage}. {@code page} counts from 0; {@code size} is 1 to {@link #MAX_SIZE}.
 */
public record FindOrdersOfCustomer(String customerId, OrderStatus status, int page, int size) {

    public static final int MAX_SIZE = 100;

    public FindOrdersOfCustomer {
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative: " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ": " + size);
        }
    }
}
