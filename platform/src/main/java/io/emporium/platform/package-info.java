/**
 * Technical configuration every runnable assembly of Emporium shares, and no domain logic: how Axon serializes
 * messages and where it stores events, tokens, sagas and dead letters in PostgreSQL (with the database prepared on
 * first start); what messages pass on to the messages they cause, and the metrics, spans and health that show it;
 * how streaming processors are balanced over instances and watched; how refusals cross Axon Server. It holds no
 * message handler (an architecture rule checks that).
 */
package io.emporium.platform;
