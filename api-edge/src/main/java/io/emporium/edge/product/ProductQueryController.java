package io.emporium.edge.product;

import io.emporium.edge.apidoc.ApiTags;
import io.emporium.edge.command.AggregateVersions;
import io.emporium.edge.order.OrderQueryController;
import io.emporium.edge.query.QueryDispatcher;
import io.emporium.edge.query.ViewNotFoundException;
import io.emporium.edge.validation.Sku;
import io.emporium.messages.query.FindProduct;
import io.emporium.messages.query.FindProducts;
import io.emporium.messages.query.ProductCatalogue;
import io.emporium.messages.query.ProductView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/products}: the catalogue with stock, by SKU; {@code GET /api/products/{sku}}: one product
 * (404 problem+json when unknown).
 */
@Tag(name = ApiTags.PRODUCTS)
@RestController
@RequestMapping(path = "/api/products", produces = MediaType.APPLICATION_JSON_VALUE)
public class ProductQueryController {

    private final QueryDispatcher queries;
    private final AggregateVersions versions;

    public ProductQueryController(QueryDispatcher queries, AggregateVersions versions) {
        this.queries = queries;
        this.versions = versions;
    }

    @Operation(summary = "List the catalogue",
               description = "Every product with its stock: on hand, reserved, available.")
    @GetMapping
    public ProductCatalogue catalogue() {
        return queries.ask(new FindProducts(), ProductCatalogue.class);
    }

    @Operation(summary = "Read a product",
               description = "Price and stock of one SKU.")
    @GetMapping("/{sku}")
    public ResponseEntity<ProductView> product(@PathVariable @Sku String sku) {
        ProductView view = queries.ask(new FindProduct(sku), ProductView.class);
        if (view == null) {
            throw new ViewNotFoundException("product", sku);
        }
        return OrderQueryController.withVersion(view, versions.etagOf(sku));
    }
}
