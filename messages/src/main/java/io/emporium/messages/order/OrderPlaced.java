package io.emporium.messages.order;

import java.util.List;

public record OrderPlaced(String orderId, String customerId, List<OrderLine> lines, String paymentMethodToken) {

    public OrderPlaced {
        lines = List.copyOf(lines);
    }
}
