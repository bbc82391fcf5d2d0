package io.emporium.saga.parking;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga processing group's {@link ListenerInvocationErrorHandler}: it always rethrows, so that the saga's unit of
 * work rolls back (no half-handled saga is stored, decision 0044) and the processor tries the batch again after its
 * back-off. It counts the failures of each event that are not transient; on the {@code maxAttempts}th it parks the
 * event in its own transaction, which outlives the rollback, and {@link SkipParkedEvents} then keeps the processor's
 * next try from handing it to the saga. A transient failure (a lost connection) is never counted: retrying it is right.
 */
public final class ParkingErrorHandler implements ListenerInvocationErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ParkingErrorHandler.class);

    private final Parking parked;
    private final int maxAttempts;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    /** Where an event is parked: {@link ParkedSagaEventStore#park}, committed before the handler rethrows. */
    @FunctionalInterface
    public interface Parking {
        void park(EventMessage<?> event, Throwable cause, int attempts);
    }

    public ParkingErrorHandler(Parking parked, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("emporium.saga.parking.max-attempts must be at least 1: " + maxAttempts);
        }
        this.parked = parked;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler)
            throws Exception {
        if (FailureKinds.isTransient(exception)) {
            log.warn("Saga event {} ({}) failed for a transient reason; the processor tries it again: {}",
                     event.getIdentifier(), event.getPayloadType().getSimpleName(), FailureKinds.describe(exception));
            throw exception;
        }
        int attempts = failures.merge(event.getIdentifier(), 1, Integer::sum);
        if (attempts >= maxAttempts) {
            parked.park(event, exception, attempts);
            failures.remove(event.getIdentifier());
            log.error("Saga event {} ({}) parked after {} failed attempt(s); the events behind it go on",
                      event.getIdentifier(), event.getPayloadType().getSimpleName(), attempts, exception);
        } else {
            log.warn("Saga event {} ({}) failed, attempt {} of {} before it is parked: {}", event.getIdentifier(),
                     event.getPayloadType().getSimpleName(), attempts, maxAttempts, FailureKinds.describe(exception));
        }
        throw exception;
    }

    /** Forgets the failures counted for an event that has since been handled. */
    void handled(String eventId) {
        if (!failures.isEmpty()) {
            failures.remove(eventId);
        }
    }
}
