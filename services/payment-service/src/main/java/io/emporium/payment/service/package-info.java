/**
 * The payment aggregate and its provider gateway as an application of its own, on Axon Server (distributed mode).
 */
package io.emporium.payment.service;
