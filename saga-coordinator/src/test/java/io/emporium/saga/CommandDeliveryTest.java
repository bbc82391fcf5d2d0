package io.emporium.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Refusal;
import io.emporium.messages.common.RefusalKind;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReserveStock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class CommandDeliveryTest {

    static final String ORDER = "0b6f3f1e-2c1d-4f43-9a55-1e2d3c4b5a69";
    static final ReserveStock RESERVE = new ReserveStock("DESK-OAK", ORDER, 1);
    static final ReleaseStock RELEASE = new ReleaseStock("DESK-OAK", ORDER, "order cancelled");
    static final SagaProperties.Retry RETRY = new SagaProperties.Retry(4, Duration.ofMillis(1), 2.0, 0.5,
            Duration.ofMillis(5), Duration.ofMillis(300));

    final CommandGateway gateway = Mockito.mock(CommandGateway.class);
    final CommandDelivery delivery = new CommandDelivery(gateway, RETRY);
    final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void close() {
        delivery.close();
    }

    void answerWith(Supplier<CompletableFuture<Object>> answer) {
        Mockito.when(gateway.send(Mockito.any())).thenAnswer(invocation -> {
            calls.incrementAndGet();
            return answer.get();
        });
    }

    @Test
    void aCommandDecidedInFavourIsDoneAtTheFirstAttempt() {
        answerWith(() -> CompletableFuture.completedFuture(null));

        assertThat(delivery.attempt(ORDER, RESERVE).kind()).isEqualTo(DeliveryOutcome.Kind.DONE);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffUntilTheCommandIsDone() {
        answerWith(() -> calls.get() < 3
                ? CompletableFuture.failedFuture(new IllegalStateException("connection reset"))
                : CompletableFuture.completedFuture(null));

        assertThat(delivery.deliver(ORDER, RELEASE).done()).isTrue();
        assertThat(calls).hasValue(3);
    }

    @Test
    void aRefusalIsTheOutcomeAndIsNeverRetried() {
        answerWith(() -> CompletableFuture.failedFuture(
                CommandRefusedException.conflict("illegal-order-transition", "order is CANCELLED")));

        DeliveryOutcome outcome = delivery.deliver(ORDER, RELEASE);

        assertThat(outcome).isEqualTo(new DeliveryOutcome(DeliveryOutcome.Kind.REFUSED, "order is CANCELLED"));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRemoteRefusalCarriedAsDetailsIsARefusalToo() {
        answerWith(() -> CompletableFuture.failedFuture(new CommandExecutionException("refused", null,
                new Refusal(RefusalKind.CONFLICT, "illegal-order-transition", "order is CONFIRMED"))));

        assertThat(delivery.attempt(ORDER, RESERVE))
                .isEqualTo(new DeliveryOutcome(DeliveryOutcome.Kind.REFUSED, "order is CONFIRMED"));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aMissingAggregateIsAnUnknownTargetAndIsNeverRetried() {
        answerWith(() -> CompletableFuture.failedFuture(new AggregateNotFoundException("GHOST-1", "no events")));

        assertThat(delivery.attempt(ORDER, RESERVE).kind()).isEqualTo(DeliveryOutcome.Kind.UNKNOWN_TARGET);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aMissingAggregateReportedByARemoteHandlerIsAnUnknownTargetToo() {
        answerWith(() -> CompletableFuture.failedFuture(new CommandExecutionException("no aggregate", null,
                Refusal.aggregateNotFound("GHOST-1", null))));

        assertThat(delivery.attempt(ORDER, RESERVE))
                .isEqualTo(new DeliveryOutcome(DeliveryOutcome.Kind.UNKNOWN_TARGET, "no aggregate with id GHOST-1"));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aForwardCommandStillFailingAfterItsRetriesIsReportedUndelivered() {
        answerWith(() -> CompletableFuture.failedFuture(new IllegalStateException("database unavailable")));

        DeliveryOutcome outcome = delivery.attempt(ORDER, RESERVE);

        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.NOT_DELIVERED);
        assertThat(outcome.detail()).contains("ReserveStock", ORDER, "4 attempts", "database unavailable");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aCommandThatMustBeDeliveredThrowsWhenStillFailingAfterItsRetries() {
        answerWith(() -> CompletableFuture.failedFuture(new IllegalStateException("database unavailable")));

        assertThatThrownBy(() -> delivery.deliver(ORDER, RELEASE))
                .isInstanceOf(CommandNotDeliveredException.class)
                .hasMessageContaining("ReleaseStock for order " + ORDER + " not delivered after 4 attempts");
        assertThat(calls).hasValue(4);
    }

    @Test
    void noDecisionWithinTheCommandTimeoutCountsAsATransientFailure() {
        answerWith(() -> calls.get() < 2 ? new CompletableFuture<>() : CompletableFuture.completedFuture(null));

        assertThat(delivery.deliver(ORDER, RELEASE).done()).isTrue();
        assertThat(calls).hasValue(2);
    }

    @Test
    void dispatchesOnItsOwnThreadSoTheCommandNeverJoinsTheSagasUnitOfWork() {
        Thread caller = Thread.currentThread();
        Thread[] dispatcher = new Thread[1];
        answerWith(() -> {
            dispatcher[0] = Thread.currentThread();
            return CompletableFuture.completedFuture(null);
        });

        delivery.attempt(ORDER, RESERVE);

        assertThat(dispatcher[0]).isNotSameAs(caller);
        assertThat(dispatcher[0].getName()).startsWith("saga-command-");
    }

    @Test
    void commandsAreSentOnTheSagasOwnAccountNotTheCustomersWhoStartedIt() {
        answerWith(() -> CompletableFuture.completedFuture(null));

        delivery.attempt(ORDER, RESERVE);

        org.mockito.ArgumentCaptor<Object> sent = org.mockito.ArgumentCaptor.forClass(Object.class);
        Mockito.verify(gateway).send(sent.capture());
        CommandMessage<?> message = (CommandMessage<?>) sent.getValue();
        assertThat(Caller.of(message.getMetaData())).isEqualTo(Caller.ORDER_FULFILMENT);
        assertThat(Caller.of(message.getMetaData()).hasRole(Caller.SYSTEM)).isTrue();
    }
}
