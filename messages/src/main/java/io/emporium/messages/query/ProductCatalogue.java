package io.emporium.messages.query;

import java.util.List;

/** Every product, ordered by SKU. */
public record ProductCatalogue(List<ProductView> products) {

    public ProductCatalogue {
        products = List.copyOf(products);
    }
}
