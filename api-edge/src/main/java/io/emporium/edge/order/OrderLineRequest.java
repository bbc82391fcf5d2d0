package io.emporium.edge.order;

import io.emporium.edge.validation.Sku;
import io.emporium.messages.order.OrderLine;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

public record OrderLineRequest(@NotNull @Sku String sku,
                               @NotNull @Min(1) @Max(OrderLine.MAX_QUANTITY) Integer quantity) {

    OrderLine toLine() {
        return new OrderLine(sku, quantity);
    }
}
