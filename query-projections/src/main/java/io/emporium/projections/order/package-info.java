/**
 * The order views: customer, status and its history, lines priced at reservation and the total; the projection
 * decides, the stores write (live, and written behind for a rebuild).
 */
package io.emporium.projections.order;
