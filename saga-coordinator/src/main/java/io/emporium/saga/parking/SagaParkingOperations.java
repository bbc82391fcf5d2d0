package io.emporium.saga.parking;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.saga.ParkedSagaEvents;
import java.util.function.Supplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's work on parked saga events: list them, hand one to the saga manager again (in a unit of work and
 * transaction of its own, like the processor's: the saga's state and the removal of the record commit together), or
 * drop one.
 */
public class SagaParkingOperations {

    private static final Logger log = LoggerFactory.getLogger(SagaParkingOperations.class);

    private final ParkedSagaEventStore parked;
    private final Supplier<AbstractSagaManager<?>> sagaManager;
    private final TransactionManager transactions;

    public SagaParkingOperations(ParkedSagaEventStore parked,
                                 Supplier<AbstractSagaManager<?>> sagaManager, TransactionManager transactions) {
        this.parked = parked;
        this.sagaManager = sagaManager;
        this.transactions = transactions;
    }

    public ParkedSagaEvents list() {
        return new ParkedSagaEvents(parked.list());
    }

    /** Handles the parked event again; it stays parked, with the new cause, if that fails (refused as a conflict). */
    public void retry(String eventId) {
        EventMessage<?> event = parked.event(eventId).orElseThrow(() -> unknown(eventId));
        UnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        unitOfWork.attachTransaction(transactions);
        var result = unitOfWork.executeWithResult(() -> {
            // The root segment: the saga manager takes every saga of the event, whichever segment holds it.
            sagaManager.get().handle(event, Segment.ROOT_SEGMENT);
            parked.remove(eventId);
            return null;
        });
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            parked.failedAgain(eventId, failure);
            log.warn("Parked saga event {} failed again on retry; it stays parked", eventId, failure);
            throw CommandRefusedException.conflict("parked-saga-event-failed-again",
                                                   "Saga event " + eventId + " failed again: "
                                                           + FailureKinds.describe(failure));
        }
        log.info("Parked saga event {} ({}) handled on an operator's retry; no longer parked", eventId,
                 event.getPayloadType().getSimpleName());
    }

    /** Drops the parked event without handling it. */
    public void evict(String eventId) {
        Boolean removed = transactions.fetchInTransaction(() -> parked.remove(eventId));
        if (!Boolean.TRUE.equals(removed)) {
            throw unknown(eventId);
        }
        log.warn("Parked saga event {} evicted by an operator without being handled", eventId);
    }

    private static CommandRefusedException unknown(String eventId) {
        return CommandRefusedException.notFound("unknown-parked-saga-event", "No parked saga event " + eventId);
    }
}
