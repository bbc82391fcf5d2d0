/**
 * Axon's spans on the application's OpenTelemetry, so that one trace runs from the HTTP request through every
 * command, event and query it causes (decision 0022).
 */
package io.emporium.platform.tracing;
