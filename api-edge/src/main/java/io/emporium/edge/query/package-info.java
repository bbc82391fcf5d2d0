/**
 * Read endpoints: queries sent through Axon's query gateway with a bounded wait, live order updates over
 * server-sent events from a subscription query. A query answered with no view is a 404.
 */
package io.emporium.edge.query;
