package io.emporium.messages.inventory;

import org.axonframework.serialization.Revision;

/** Units added to the stock on hand; {@code onHandAfter} is the stock on hand once they were added. */
@Revision("1")
public record StockReceived(String sku, int quantity, int onHandAfter) {
}
