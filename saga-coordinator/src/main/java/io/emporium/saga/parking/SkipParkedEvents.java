package io.emporium.saga.parking;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler interceptor of the saga's processor: an event that is parked is not handed to the saga manager, so the
 * batch that parked it goes through on the processor's next try. An event handled without failure clears the count
 * {@link ParkingErrorHandler} kept of its earlier failures.
 */
public final class SkipParkedEvents implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(SkipParkedEvents.class);

    private final ParkedSagaEventStore parked;
    private final ParkingErrorHandler errorHandler;

    public SkipParkedEvents(ParkedSagaEventStore parked, ParkingErrorHandler errorHandler) {
        this.parked = parked;
        this.errorHandler = errorHandler;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        String eventId = unitOfWork.getMessage().getIdentifier();
        if (parked.isParked(eventId)) {
            log.debug("Saga event {} is parked; skipped", eventId);
            return null;
        }
        Object result = interceptorChain.proceed();
        errorHandler.handled(eventId);
        return result;
    }
}
