/**
 * Closed-loop load: a fixed pool of workers, each sending its next request as soon as the previous one is
 * answered, bounded by a request count and a time limit. The same loop drives HTTP requests to the platform
 * and raw JDBC transactions against PostgreSQL, so both sides of every ratio are measured alike.
 */
package io.emporium.benchmarks.load;
