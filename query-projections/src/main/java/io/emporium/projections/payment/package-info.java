/**
 * The payment views per order: status, requested and authorized amounts, decline reason and refunds; the
 * projection decides, the stores write (live, and written behind for a rebuild).
 */
package io.emporium.projections.payment;
