/**
 * What the projections share: one projected event as an atomic step on a JDBC savepoint, sequencing by order, the
 * JDBC stores' base, and the write-behind stores a rebuild writes through (decisions 0010, 0037 and 0049).
 */
package io.emporium.projections.support;
