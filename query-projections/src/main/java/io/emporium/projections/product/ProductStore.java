package io.emporium.projections.product;

import io.emporium.messages.common.Money;
import io.emporium.messages.query.ProductCatalogue;
import io.emporium.messages.query.ProductView;
import io.emporium.projections.support.AtomicSteps;

/** Where the catalogue lives; rows keyed by SKU, each remembering the SKU's last applied event sequence. */
public interface ProductStore extends AtomicSteps {

    /** The product row, or {@code null} when the SKU is unknown. */
    ProductRow product(String sku);

    /** Adds the product; a product already there is left as it is. */
    void insert(ProductRow row);

    /**
     * Applies {@code change} to the SKU's stock figures and records {@code sequence} as its last applied event, in one
     * step, unless that event or a later one of the SKU was applied already; nothing for an unknown SKU.
     */
    void changeStock(String sku, long sequence, StockChange change);

    ProductCatalogue findAll();

    ProductView find(String sku);

    void clear();

    /**
     * A change of a SKU's stock figures as one event states it: on hand as the event gives it after the change (or
     * unchanged when {@code null}), and reserved either derived from the available stock the event gives after the
     * change ({@code onHand - availableAfter}, with the on hand before this change) or, when {@code null}, moved by
     * {@code reservedDelta} units. A store applies it in one statement, without reading the row first.
     */
    record StockChange(Integer onHandAfter, Integer availableAfter, int reservedDelta) {

        /** Units received: on hand as given, reserved unchanged. */
        public static StockChange received(int onHandAfter) {
            return new StockChange(onHandAfter, null, 0);
        }

        /** Units reserved or released: on hand unchanged, reserved whatever leaves {@code availableAfter} available. */
        public static StockChange availableAfter(int availableAfter) {
            return new StockChange(null, availableAfter, 0);
        }

        /** A reservation committed: its units leave both on hand (as given) and reserved. */
        public static StockChange committed(int onHandAfter, int quantity) {
            return new StockChange(onHandAfter, null, -quantity);
        }

        /** The row after this change, with {@code sequence} as its last applied event. */
        public ProductRow applyTo(ProductRow row, long sequence) {
            int onHand = onHandAfter == null ? row.onHand() : onHandAfter;
            int reserved = availableAfter == null ? row.reserved() + reservedDelta : row.onHand() - availableAfter;
            return row.withStock(onHand, reserved, sequence);
        }
    }

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
