/**
 * The inventory bounded context: one event-sourced {@link io.emporium.inventory.InventoryItem} per SKU,
 * holding the catalogue entry (name, unit price), the stock on hand and a ledger of reservations keyed
 * by order id. It speaks only through the messages in {@code io.emporium.messages.inventory};
 * {@link io.emporium.inventory.InventoryModule} is the Spring configuration that wires it into an
 * application.
 */
package io.emporium.inventory;
