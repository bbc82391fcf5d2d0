/**
 * The request's correlation id ({@code X-Correlation-Id}): taken or made at the edge, returned on the answer, and
 * written into every command and query the request sends, so that its events, log lines and spans can be found by
 * it (decision 0022).
 */
package io.emporium.edge.correlation;
