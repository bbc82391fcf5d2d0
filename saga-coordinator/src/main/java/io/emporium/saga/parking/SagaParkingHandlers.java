package io.emporium.saga.parking;

import io.emporium.messages.saga.EvictParkedSagaEvent;
import io.emporium.messages.saga.FindParkedSagaEvents;
import io.emporium.messages.saga.ParkedSagaEvents;
import io.emporium.messages.saga.RetryParkedSagaEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;

/** The saga's operator messages of the contract, answered by {@link SagaParkingOperations} (decision 0012). */
public class SagaParkingHandlers {

    private final SagaParkingOperations operations;

    public SagaParkingHandlers(SagaParkingOperations operations) {
        this.operations = operations;
    }

    @QueryHandler
    public ParkedSagaEvents handle(FindParkedSagaEvents query) {
        return operations.list();
    }

    @CommandHandler
    public void handle(RetryParkedSagaEvent command) {
        operations.retry(command.eventId());
    }

    @CommandHandler
    public void handle(EvictParkedSagaEvent command) {
        operations.evict(command.eventId());
    }
}
