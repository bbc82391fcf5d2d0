package io.emporium.projections.product;

import io.emporium.messages.common.Money;
import io.emporium.messages.query.ProductCatalogue;
import io.emporium.messages.query.ProductView;
import io.emporium.projections.support.AtomicSteps;

/** Where the catalogue lives; rows keyed by SKU, each remembering the SKU's last applied event sequence. */
public interface ProductStore extends AtomicSteps {

    /** The product row, or {@code null} when the SKU is unknown. */
    ProductRow product(String sku);

    void insert(ProductRow row);

    /** Stores the row's new stock figures and sequence, unless a later event of the SKU was applied already. */
    void updateStock(ProductRow row);

    ProductCatalogue findAll();

    ProductView find(String sku);

    void clear();

    /** A product row: what the catalogue shows, and the sequence of the SKU's last applied event. */
    record ProductRow(String sku, String name, Money unitPrice, int onHand, int reserved, long lastSequence) {

        ProductRow withStock(int newOnHand, int newReserved, long sequence) {
            return new ProductRow(sku, name, unitPrice, newOnHand, newReserved, sequence);
        }

        ProductView view() {
            return new ProductView(sku, name, unitPrice, onHand, reserved, onHand - reserved);
        }
    }
}
