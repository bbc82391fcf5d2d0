/**
 * Emporium in one JVM (standalone mode): every module on local buses, with Axon's embedded event store in
 * PostgreSQL.
 */
package io.emporium.standalone;
