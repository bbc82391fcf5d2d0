package io.emporium.edge.product;

import io.emporium.edge.common.MoneyBody;

/** A registered product, as the registration answers it. */
public record ProductResponse(String sku, String name, MoneyBody unitPrice, int initialStock) {
}
