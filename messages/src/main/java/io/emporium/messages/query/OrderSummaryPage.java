package io.emporium.messages.query;

import java.util.List;

/** One page of a customer's orders, newest first; {@code totalItems} counts every order that matches. */
public record OrderSummaryPage(String customerId, int page, int size, long totalItems, List<OrderSummary> items) {

    public OrderSummaryPage {
        items = List.copyOf(items);
    }
}
