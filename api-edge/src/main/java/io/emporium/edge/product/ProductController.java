package io.emporium.edge.product;

import io.emporium.edge.apidoc.ApiTags;
import io.emporium.edge.command.AggregateVersions;
import io.emporium.edge.command.CommandDispatcher;
import io.emporium.edge.command.CommandTarget;
import io.emporium.edge.common.MoneyBody;
import io.emporium.edge.validation.Sku;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.inventory.RegisterProduct;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/products} registers a product (201, Location of the product);
 * {@code POST /api/products/{sku}/stock} receives delivered units (200).
 */
@Tag(name = ApiTags.PRODUCTS)
@RestController
@RequestMapping(path = "/api/products", produces = MediaType.APPLICATION_JSON_VALUE)
public class ProductController {

    private final CommandDispatcher commands;

    public ProductController(CommandDispatcher commands) {
        this.commands = commands;
    }

    @Operation(summary = "Register a product",
               description = "SKU, name, unit price and initial stock (201).")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<ProductResponse> register(@Valid @RequestBody RegisterProductRequest request) {
        RegisterProduct command = request.toCommand();
        commands.dispatch(command, CommandTarget.product(command.sku()));
        return ResponseEntity.created(URI.create("/api/products/" + command.sku()))
                             .body(new ProductResponse(command.sku(), command.name(),
                                                       MoneyBody.of(command.unitPrice()), command.initialStock()));
    }

    @Operation(summary = "Receive stock",
               description = "Adds units to a product's stock. If-Match with the product's ETag: only if unchanged"
                       + " since (412 otherwise).")
    @PostMapping(path = "/{sku}/stock", consumes = MediaType.APPLICATION_JSON_VALUE)
    public StockReceivedResponse receiveStock(@PathVariable @Sku String sku,
                                              @Valid @RequestBody ReceiveStockRequest request,
                                              @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                              String ifMatch) {
        commands.dispatch(new ReceiveStock(sku, request.quantity(), AggregateVersions.expectedVersion(ifMatch)),
                          CommandTarget.product(sku));
        return new StockReceivedResponse(sku, request.quantity());
    }
}
