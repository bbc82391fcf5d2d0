package io.emporium.edge.product;

public record StockReceivedResponse(String sku, int quantityReceived) {
}
