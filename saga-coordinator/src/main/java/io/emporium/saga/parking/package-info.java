/**
 * Parking of saga events whose handling keeps failing (decision 0044): {@link
 * io.emporium.saga.parking.ParkingErrorHandler} decides, {@link io.emporium.saga.parking.ParkedSagaEventStore} keeps
 * them in PostgreSQL, {@link io.emporium.saga.parking.SkipParkedEvents} keeps the processor from handing them to the
 * saga again, and {@link io.emporium.saga.parking.SagaParkingOperations} serves the operator's list, retry and
 * eviction.
 */
package io.emporium.saga.parking;
