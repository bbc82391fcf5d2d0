package io.emporium.architecture.broken.projections;

import io.emporium.architecture.broken.payment.Refund;

/** Breaks "the projections never depend on the payment module". */
public class ProjectionThatReadsAnAggregate {
    public Object refund() {
        return new Refund(1);
    }
}
