package io.emporium.messages.inventory;

import io.emporium.messages.common.Money;

public record ProductRegistered(String sku, String name, Money unitPrice, int initialStock) {
}
