/**
 * Limits the edge puts on requests before any controller sees them: rate limits per client and endpoint group
 * (Bucket4j), the largest request body, and a concrete {@code Content-Type}; each refusal is a problem answer.
 */
package io.emporium.edge.limits;
