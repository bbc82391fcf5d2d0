package io.emporium.architecture.broken.saga;

import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Breaks the design's saga traps: an injected resource that is not transient (it would be serialized with the saga),
 * a handler associated on the customer, and an association added by hand on a SKU.
 */
@Saga
public class SagaThatStoresItsResources {

    @Autowired
    private Object commandGateway;

    @SagaEventHandler(associationProperty = "customerId")
    void on(CustomerMoved event) {
        SagaLifecycle.associateWith("sku", event.customerId());
    }

    record CustomerMoved(String customerId) {
    }
}
