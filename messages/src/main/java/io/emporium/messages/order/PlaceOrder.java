package io.emporium.messages.order;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Places an order under a client-chosen id. Placing the identical order again changes nothing; placing a
 * different order under a used id is refused.
 */
public record PlaceOrder(@TargetAggregateIdentifier String orderId, String customerId, List<OrderLine> lines,
                         String paymentMethodToken) {

    public static final int MAX_LINES = 100;

    public PlaceOrder {
        lines = lines == null ? null : List.copyOf(lines);
    }
}
