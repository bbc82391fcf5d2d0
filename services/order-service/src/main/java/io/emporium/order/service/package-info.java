/**
 * The order aggregate as an application of its own, on Axon Server (distributed mode).
 */
package io.emporium.order.service;
