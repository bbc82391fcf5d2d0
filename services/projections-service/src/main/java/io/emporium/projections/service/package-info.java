/**
 * The read models and their queries as an application of its own, on Axon Server (distributed mode).
 */
package io.emporium.projections.service;
