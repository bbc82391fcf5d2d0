package io.emporium.edge.order;

import io.emporium.edge.validation.NewOrderId;
import io.emporium.edge.validation.StorableText;
import io.emporium.messages.order.PlaceOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /api/orders}. The client chooses {@code orderId} (a lower-case UUID of any version but 3,
 * the version of payment ids), so a retried
 * request reaches the same order instead of placing a second one. The customer is the caller, the bearer token's
 * subject: {@code customerId} may be left out, and when it is given it must be that subject.
 */
public record PlaceOrderRequest(
        @NotNull @NewOrderId String orderId,
        @Size(min = 1, max = 100) @StorableText String customerId,
        @NotNull @Size(min = 1, max = PlaceOrder.MAX_LINES) @DistinctSkus
        List<@NotNull @Valid OrderLineRequest> lines,
        @NotBlank @Size(max = 100) @StorableText String paymentMethodToken) {

    PlaceOrder toCommand(String customer) {
        return new PlaceOrder(orderId, customer, lines.stream().map(OrderLineRequest::toLine).toList(),
                              paymentMethodToken);
    }
}
