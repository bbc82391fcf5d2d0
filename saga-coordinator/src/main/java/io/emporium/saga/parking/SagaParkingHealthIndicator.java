package io.emporium.saga.parking;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code sagaParkedEvents}: how many saga events are parked (detail {@code parkedEvents}). Parked events do not make
 * the instance unready: like the projections' dead letters they wait for an operator, and the events behind them go
 * on; taking the instance out of service would not bring them back. Down only when the count cannot be read.
 */
public final class SagaParkingHealthIndicator extends AbstractHealthIndicator {

    private final ParkedSagaEventStore parked;

    public SagaParkingHealthIndicator(ParkedSagaEventStore parked) {
        super("Parked saga events could not be counted");
        this.parked = parked;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        health.up().withDetail("parkedEvents", parked.count());
    }
}
