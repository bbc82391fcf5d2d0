/**
 * PostgreSQL beneath Axon: the database created on first start, {@code bytea} for Axon's binary columns, the JDBC
 * token store owned per application instance, and the saga store's writes batched per transaction and cached
 * safely (decisions 0002, 0014, 0033, 0034 and 0039).
 */
package io.emporium.platform.persistence;
