/**
 * The event store of the standalone mode: Axon's embedded store on PostgreSQL, with streams that tell pooled
 * processors when new events arrive.
 */
package io.emporium.platform.events;
