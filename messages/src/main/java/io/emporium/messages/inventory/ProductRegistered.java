package io.emporium.messages.inventory;

import io.emporium.messages.common.Money;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ProductRegistered(String sku, String name, Money unitPrice, int initialStock) {
}
