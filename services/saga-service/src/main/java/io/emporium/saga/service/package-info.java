/**
 * The order fulfilment saga and its deadlines as an application of its own, on Axon Server (distributed mode).
 */
package io.emporium.saga.service;
