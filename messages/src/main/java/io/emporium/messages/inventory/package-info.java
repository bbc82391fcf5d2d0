/**
 * Messages of the inventory aggregate, one per SKU: the catalogue entry, its stock on hand, and a
 * ledger of reservations keyed by order id. Available stock is on hand minus reserved and never goes
 * below zero.
 */
package io.emporium.messages.inventory;
