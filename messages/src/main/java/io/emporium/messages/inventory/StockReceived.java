package io.emporium.messages.inventory;

/** Units added to the stock on hand; {@code onHandAfter} is the stock on hand once they were added. */
public record StockReceived(String sku, int quantity, int onHandAfter) {
}
