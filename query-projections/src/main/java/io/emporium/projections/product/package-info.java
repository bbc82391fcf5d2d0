/**
 * The product catalogue with its stock: on hand, reserved and available, as the inventory's events say; the
 * projection decides, the stores write (live, and written behind for a rebuild).
 */
package io.emporium.projections.product;
