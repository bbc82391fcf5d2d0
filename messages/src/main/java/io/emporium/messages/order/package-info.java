/**
 * Messages of the order aggregate. An order is placed PENDING and ends CONFIRMED, REJECTED or
 * CANCELLED; each transition event says why. The order id is chosen by the client, so a retried
 * placement reaches the same order.
 */
package io.emporium.messages.order;
