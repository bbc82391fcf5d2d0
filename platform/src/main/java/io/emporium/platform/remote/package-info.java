/**
 * Refusals that survive the trip through Axon Server: a handler's refusal travels as the failure's details and is
 * read back as the same refusal by the sender (decision 0018).
 */
package io.emporium.platform.remote;
