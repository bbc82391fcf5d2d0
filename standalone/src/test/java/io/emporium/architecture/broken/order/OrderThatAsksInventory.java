package io.emporium.architecture.broken.order;

import io.emporium.architecture.broken.inventory.Stock;
import io.emporium.architecture.broken.payment.Refund;

/** Breaks "aggregates never depend on each other" (order on inventory and payment) and "aggregates decide without Spring". */
@org.axonframework.spring.stereotype.Aggregate
public class OrderThatAsksInventory {

    private final Stock stock = new Stock();
    private org.springframework.context.ApplicationContext context;

    boolean canPlace() {
        return stock.available() > 0 && context != null;
    }

    Refund cancel() {
        return new Refund(1);
    }
}
