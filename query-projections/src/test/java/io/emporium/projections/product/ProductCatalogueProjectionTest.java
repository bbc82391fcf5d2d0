package io.emporium.projections.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ProductRegistered;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.StockReceived;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.query.FindProduct;
import io.emporium.messages.query.FindProducts;
import io.emporium.messages.query.ProductCatalogue;
import io.emporium.messages.query.ProductView;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProductCatalogueProjectionTest {

    /** The catalogue in memory, for testing the projection without a database. */
    static final class InMemoryProductStore implements ProductStore {

        final Map<String, ProductRow> rows = new TreeMap<>();

        @Override
        public <T> T atomically(Supplier<T> step) {
            return step.get();
        }

        @Override
        public ProductRow product(String sku) {
            return rows.get(sku);
        }

        @Override
        public void insert(ProductRow row) {
            rows.putIfAbsent(row.sku(), row);
        }

        @Override
        public void changeStock(String sku, long sequence, StockChange change) {
            rows.computeIfPresent(sku, (key, row) -> sequence > row.lastSequence() ? change.applyTo(row, sequence) : row);
        }

        @Override
        public ProductCatalogue findAll() {
            return new ProductCatalogue(rows.values().stream().map(ProductRow::view).toList());
        }

        @Override
        public ProductView find(String sku) {
            ProductRow row = rows.get(sku);
            return row == null ? null : row.view();
        }

        @Override
        public void clear() {
            rows.clear();
        }
    }

    private static final String SKU = "DESK-OAK";
    private static final String ORDER = "0b6f1c9e-2f4a-4c1d-9e8b-7a6c5d4e3f21";

    private final InMemoryProductStore store = new InMemoryProductStore();
    private final ProductCatalogueProjection projection = new ProductCatalogueProjection(store);

    private ProductView product() {
        return projection.handle(new FindProduct(SKU));
    }

    @Test
    void followsStockThroughReceiveReserveReleaseAndCommit() {
        projection.on(new ProductRegistered(SKU, "Oak desk", Money.of(24900, "EUR"), 10), 0);
        assertThat(product()).isEqualTo(new ProductView(SKU, "Oak desk", Money.of(24900, "EUR"), 10, 0, 10));

        projection.on(new StockReceived(SKU, 5, 15), 1);
        projection.on(new StockReserved(SKU, ORDER, 4, Money.of(24900, "EUR"), 11), 2);
        assertThat(product()).isEqualTo(new ProductView(SKU, "Oak desk", Money.of(24900, "EUR"), 15, 4, 11));

        projection.on(new StockReserved(SKU, "other", 3, Money.of(24900, "EUR"), 8), 3);
        projection.on(new StockReleased(SKU, "other", 3, "rejected", 11), 4);
        projection.on(new ReservationCommitted(SKU, ORDER, 4, 11), 5);

        assertThat(product()).isEqualTo(new ProductView(SKU, "Oak desk", Money.of(24900, "EUR"), 11, 0, 11));
    }

    @Test
    void anEventDeliveredTwiceChangesNothingTheSecondTime() {
        projection.on(new ProductRegistered(SKU, "Oak desk", Money.of(24900, "EUR"), 10), 0);
        ReservationCommitted committed = new ReservationCommitted(SKU, ORDER, 4, 6);
        projection.on(new StockReserved(SKU, ORDER, 4, Money.of(24900, "EUR"), 6), 1);
        projection.on(committed, 2);
        ProductView once = product();

        projection.on(committed, 2);
        projection.on(new ProductRegistered(SKU, "Renamed", Money.of(1, "EUR"), 99), 0);

        assertThat(product()).isEqualTo(once);
        assertThat(store.rows.get(SKU).lastSequence()).isEqualTo(2);
    }

    @Test
    void eventsOfAnUnknownSkuAreIgnoredAndTheCatalogueIsOrderedBySku() {
        projection.on(new StockReceived("NOPE-1", 5, 5), 1);
        projection.on(new ProductRegistered("ZED-1", "Zed", Money.of(100, "EUR"), 1), 0);
        projection.on(new ProductRegistered("ALPHA-1", "Alpha", Money.of(100, "EUR"), 1), 0);

        assertThat(projection.handle(new FindProducts()).products()).extracting("sku")
                                                                    .containsExactly("ALPHA-1", "ZED-1");
        assertThat(projection.handle(new FindProduct("NOPE-1"))).isNull();
    }

    @Test
    void aResetEmptiesTheCatalogue() {
        projection.on(new ProductRegistered(SKU, "Oak desk", Money.of(24900, "EUR"), 10), 0);

        projection.reset();

        assertThat(projection.handle(new FindProducts()).products()).isEmpty();
    }
}
