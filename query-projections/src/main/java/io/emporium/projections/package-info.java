/**
 * The read models: one Spring configuration for every projection, its processor, its dead-letter queue, its
 * queries and its operator operations; the projections' names and settings.
 */
package io.emporium.projections;
