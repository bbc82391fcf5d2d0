/**
 * The HTTP edge as an application of its own, on Axon Server (distributed mode).
 */
package io.emporium.edge.service;
