/**
 * Technical configuration every runnable assembly of Emporium shares: how Axon serializes messages, how
 * Axon's entities are stored in PostgreSQL, and how the database is prepared. Holds no domain logic.
 */
package io.emporium.platform;
