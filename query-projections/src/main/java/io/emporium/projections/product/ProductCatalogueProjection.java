package io.emporium.projections.product;

import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.query.FindProduct;
import io.emporium.messages.query.FindProducts;
import io.emporium.messages.query.ProductCatalogue;
import io.emporium.messages.query.ProductView;
import io.emporium.projections.ProjectionNames;
import io.emporium.projections.product.ProductStore.ProductRow;
import io.emporium.projections.product.ProductStore.StockChange;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;

/**
 * The product catalogue with stock: name, price, on hand, reserved and available (on hand minus reserved).
 * Stock figures are taken from the events' own "after" values where they carry them, so the view agrees
 * with the aggregate's ledger. Idempotent through the SKU's sequence kept on each row.
 */
@ProcessingGroup(ProjectionNames.PRODUCT_CATALOGUE)
public class ProductCatalogueProjection {

    private final ProductStore store;

    public ProductCatalogueProjection(ProductStore store) {
        this.store = store;
    }

    @EventHandler
    public void on(ProductRegistered event, @SequenceNumber long sequence) {
        // The insert leaves a product already there as it is: no read first.
        store.atomically(() -> {
            store.insert(new ProductRow(event.sku(), event.name(), event.unitPrice(), event.initialStock(), 0,
                                        sequence));
            return null;
        });
    }

    @EventHandler
    public void on(StockReceived event, @SequenceNumber long sequence) {
        change(event.sku(), sequence, StockChange.received(event.onHandAfter()));
    }

    @EventHandler
    public void on(StockReserved event, @SequenceNumber long sequence) {
        change(event.sku(), sequence, StockChange.availableAfter(event.availableAfter()));
    }

    @EventHandler
    public void on(StockReleased event, @SequenceNumber long sequence) {
        change(event.sku(), sequence, StockChange.availableAfter(event.availableAfter()));
    }

    /** The committed units leave both the stock on hand and the reserved units; available stays as it was. */
    @EventHandler
    public void on(ReservationCommitted event, @SequenceNumber long sequence) {
        change(event.sku(), sequence, StockChange.committed(event.onHandAfter(), event.quantity()));
    }

    @ResetHandler
    public void reset() {
        store.clear();
    }

    @QueryHandler
    public ProductCatalogue handle(FindProducts query) {
        return store.findAll();
    }

    @QueryHandler
    public ProductView handle(FindProduct query) {
        return store.find(query.sku());
    }

    private void change(String sku, long sequence, StockChange change) {
        store.atomically(() -> {
            store.changeStock(sku, sequence, change);
            return null;
        });
    }
}
