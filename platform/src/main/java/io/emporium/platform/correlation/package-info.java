/**
 * What a message passes on to the messages its handling causes (Axon's origin, the request's correlation id and
 * caller), and those values in the logging context while a handler runs; in both modes.
 */
package io.emporium.platform.correlation;
