/**
 * The HTTP edge of Emporium: REST endpoints that validate requests, turn them into contract commands sent
 * through Axon's {@code CommandGateway}, and answer every failure as RFC 9457 {@code application/problem+json}.
 * It depends on the message contract and Axon's gateways only, never on an aggregate module.
 */
package io.emporium.edge;
