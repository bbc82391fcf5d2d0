package io.emporium.edge.product;

import io.emporium.edge.common.MoneyBody;
import io.emporium.edge.validation.Sku;
import io.emporium.edge.validation.StorableText;
import io.emporium.edge.validation.UnitPrice;
import io.emporium.messages.inventory.RegisterProduct;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/products}. */
public record RegisterProductRequest(
        @NotNull @Sku String sku,
        @NotBlank @Size(max = 200) @StorableText String name,
        @NotNull @Valid @UnitPrice MoneyBody unitPrice,
        @NotNull @Min(0) @Max(1_000_000) Integer initialStock) {

    RegisterProduct toCommand() {
        return new RegisterProduct(sku, name, unitPrice.toMoney(), initialStock);
    }
}
