package io.emporium.saga.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * The park-or-retry decision of the saga's error handler, and that a parked event leaves no half-handled saga
 * behind (decision 0044).
 */
class ParkingErrorHandlerTest {

    record Parked(String eventId, Throwable cause, int attempts) {
    }

    record Placed(String orderId) {
    }

    final List<Parked> parked = new ArrayList<>();
    final ParkingErrorHandler handler = new ParkingErrorHandler(
            (event, cause, attempts) -> parked.add(new Parked(event.getIdentifier(), cause, attempts)), 3);

    static EventMessage<?> event() {
        return GenericEventMessage.asEventMessage(new Placed("order-1"));
    }

    void fail(EventMessage<?> event, Exception failure) {
        assertThatThrownBy(() -> handler.onError(failure, event, null)).isSameAs(failure);
    }

    @Test
    void aFailingEventIsRethrownEveryTimeAndParkedOnItsLastAttemptOnly() {
        EventMessage<?> event = event();
        ArithmeticException overflow = new ArithmeticException("long overflow");

        fail(event, overflow);
        fail(event, overflow);
        assertThat(parked).isEmpty();

        fail(event, overflow);
        assertThat(parked).containsExactly(new Parked(event.getIdentifier(), overflow, 3));
    }

    @Test
    void aTransientFailureIsRetriedForeverAndNeverParked() {
        EventMessage<?> event = event();
        List<Exception> transientFailures = List.of(
                new IllegalStateException("saga store", new SQLTransientConnectionException("connection lost")),
                new CannotGetJdbcConnectionException("pool exhausted"),
                new RuntimeException(new SQLException("terminating connection", "57P01")),
                new RuntimeException(new SQLException("I/O error", "08006")));
        for (int round = 0; round < 5; round++) {
            transientFailures.forEach(failure -> fail(event, failure));
        }

        assertThat(parked).isEmpty();
    }

    @Test
    void anEventHandledBetweenFailuresStartsCountingAgain() {
        EventMessage<?> event = event();
        IllegalStateException failure = new IllegalStateException("not yet");

        fail(event, failure);
        fail(event, failure);
        handler.handled(event.getIdentifier());
        fail(event, failure);
        fail(event, failure);

        assertThat(parked).isEmpty();
    }

    @Test
    void eachEventIsCountedOnItsOwn() {
        EventMessage<?> first = event();
        EventMessage<?> second = event();
        IllegalStateException failure = new IllegalStateException("broken");

        fail(first, failure);
        fail(second, failure);
        fail(first, failure);
        fail(second, failure);

        assertThat(parked).isEmpty();
    }

    @Test
    void atLeastOneAttemptIsRequired() {
        assertThatThrownBy(() -> new ParkingErrorHandler((event, cause, attempts) -> { }, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Changes its state, then fails: a saga whose handler throws half way. */
    public static class HalfWaySaga {

        String orderId;

        public HalfWaySaga() {
        }

        @StartSaga
        @SagaEventHandler(associationProperty = "orderId")
        public void on(Placed event) {
            orderId = event.orderId();
            throw new ArithmeticException("long overflow");
        }
    }

    static InMemorySagaStore handledOnce(ListenerInvocationErrorHandler errorHandler, EventMessage<?> event) {
        InMemorySagaStore store = new InMemorySagaStore();
        AnnotatedSagaManager<HalfWaySaga> manager = AnnotatedSagaManager.<HalfWaySaga>builder()
                .sagaType(HalfWaySaga.class)
                .sagaRepository(AnnotatedSagaRepository.<HalfWaySaga>builder()
                                                       .sagaType(HalfWaySaga.class)
                                                       .sagaStore(store)
                                                       .build())
                .listenerInvocationErrorHandler(errorHandler)
                .build();
        DefaultUnitOfWork.startAndGet(event).executeWithResult(() -> {
            manager.handle(event, Segment.ROOT_SEGMENT);
            return null;
        });
        return store;
    }

    @Test
    void theEventParkedOnItsLastAttemptLeavesNoSagaBehind() {
        ParkingErrorHandler parkAtOnce = new ParkingErrorHandler(
                (event, cause, attempts) -> parked.add(new Parked(event.getIdentifier(), cause, attempts)), 1);
        EventMessage<?> event = event();

        InMemorySagaStore store = handledOnce(parkAtOnce, event);

        assertThat(parked).extracting(Parked::eventId).containsExactly(event.getIdentifier());
        assertThat(store.findSagas(HalfWaySaga.class, new AssociationValue("orderId", "order-1"))).isEmpty();
    }

    /** The guard above can fail: a handler that swallows the failure lets Axon store the half-handled saga. */
    @Test
    void aHandlerThatSwallowedTheFailureWouldStoreTheHalfHandledSaga() {
        InMemorySagaStore store = handledOnce(new LoggingErrorHandler(), event());

        assertThat(store.findSagas(HalfWaySaga.class, new AssociationValue("orderId", "order-1"))).hasSize(1);
    }
}
