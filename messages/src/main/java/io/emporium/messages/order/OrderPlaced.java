package io.emporium.messages.order;

import java.util.List;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderPlaced(String orderId, String customerId, List<OrderLine> lines, String paymentMethodToken) {

    public OrderPlaced {
        lines = List.copyOf(lines);
    }
}
