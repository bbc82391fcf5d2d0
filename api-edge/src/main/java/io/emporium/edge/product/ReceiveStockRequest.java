package io.emporium.edge.product;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/products/{sku}/stock}: how many units arrived. */
public record ReceiveStockRequest(@NotNull @Min(1) @Max(1_000_000) Integer quantity) {
}
