package io.emporium.architecture.broken.order;

import io.emporium.architecture.broken.inventory.Stock;

/** Breaks "aggregates never depend on each other" and "aggregates decide without Spring". */
@org.axonframework.spring.stereotype.Aggregate
public class OrderThatAsksInventory {

    private final Stock stock = new Stock();
    private org.springframework.context.ApplicationContext context;

    boolean canPlace() {
        return stock.available() > 0 && context != null;
    }
}
