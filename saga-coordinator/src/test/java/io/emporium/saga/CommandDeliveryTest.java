package io.emporium.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Refusal;
import io.emporium.messages.common.RefusalKind;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReserveStock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * How the saga's commands are sent: after the saga's unit of work, without the saga waiting, retried when the failure
 * is transient, and every outcome but success handed back.
 */
class CommandDeliveryTest {

    static final String ORDER = "0b6f3f1e-2c1d-4f43-9a55-1e2d3c4b5a69";
    static final ReserveStock RESERVE = new ReserveStock("DESK-OAK", ORDER, 1);
    static final ReleaseStock RELEASE = new ReleaseStock("DESK-OAK", ORDER, "order cancelled");
    static final SagaProperties.Retry RETRY = new SagaProperties.Retry(4, Duration.ofMillis(1), 2.0, 0.5,
            Duration.ofMillis(5), Duration.ofMillis(300));

    final CommandGateway gateway = Mockito.mock(CommandGateway.class);
    /** Holds the dispatches until the test runs them, as a pool's queue would. */
    final List<Runnable> queued = new ArrayList<>();
    final CommandDelivery delivery = new CommandDelivery(gateway, RETRY, queued::add);
    final AtomicInteger calls = new AtomicInteger();
    final List<DeliveryOutcome> failures = new ArrayList<>();

    void answerWith(Supplier<CompletableFuture<Object>> answer) {
        Mockito.when(gateway.send(Mockito.any())).thenAnswer(invocation -> {
            calls.incrementAndGet();
            return answer.get();
        });
    }

    void send(Object command) {
        delivery.send(ORDER, command, failures::add);
    }

    void runQueued() {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void returnsAtOnceAndDispatchesOnTheExecutorSoTheSagaNeverWaits() {
        answerWith(() -> CompletableFuture.completedFuture(null));

        send(RESERVE);

        assertThat(calls).as("nothing is dispatched on the caller's thread").hasValue(0);
        runQueued();
        assertThat(calls).hasValue(1);
        assertThat(failures).as("a command decided in favour is answered by its event, not here").isEmpty();
    }

    @Test
    void dispatchesOnlyOnceTheSagasUnitOfWorkHasCommitted() {
        answerWith(() -> CompletableFuture.completedFuture(null));
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("an event"));

        send(RESERVE);
        assertThat(queued).as("not handed over while the saga's state is not stored").isEmpty();
        unitOfWork.commit();

        assertThat(queued).hasSize(1);
    }

    @Test
    void sendsNothingWhenTheSagasUnitOfWorkRollsBack() {
        answerWith(() -> CompletableFuture.completedFuture(null));
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("an event"));

        send(RESERVE);
        unitOfWork.rollback();

        assertThat(queued).isEmpty();
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffUntilTheCommandIsDone() {
        answerWith(() -> calls.get() < 3
                ? CompletableFuture.failedFuture(new IllegalStateException("connection reset"))
                : CompletableFuture.completedFuture(null));

        send(RELEASE);
        runQueued();

        assertThat(calls).hasValue(3);
        assertThat(failures).isEmpty();
    }

    @Test
    void aRefusalIsHandedBackAndIsNeverRetried() {
        answerWith(() -> CompletableFuture.failedFuture(
                CommandRefusedException.conflict("illegal-order-transition", "order is CANCELLED")));

        send(RELEASE);
        runQueued();

        assertThat(failures).containsExactly(new DeliveryOutcome(DeliveryOutcome.Kind.REFUSED, "order is CANCELLED"));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRemoteRefusalCarriedAsDetailsIsARefusalToo() {
        answerWith(() -> CompletableFuture.failedFuture(new CommandExecutionException("refused", null,
                new Refusal(RefusalKind.CONFLICT, "illegal-order-transition", "order is CONFIRMED"))));

        send(RESERVE);
        runQueued();

        assertThat(failures).containsExactly(new DeliveryOutcome(DeliveryOutcome.Kind.REFUSED, "order is CONFIRMED"));
        assertThat(calls).hasValue(1);
    }

    @Test
    void aMissingAggregateIsAnUnknownTargetAndIsNeverRetried() {
        answerWith(() -> CompletableFuture.failedFuture(new AggregateNotFoundException("GHOST-1", "no events")));

        send(RESERVE);
        runQueued();

        assertThat(failures).extracting(DeliveryOutcome::kind).containsExactly(DeliveryOutcome.Kind.UNKNOWN_TARGET);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aMissingAggregateReportedByARemoteHandlerIsAnUnknownTargetToo() {
        answerWith(() -> CompletableFuture.failedFuture(new CommandExecutionException("no aggregate", null,
                Refusal.aggregateNotFound("GHOST-1", null))));

        send(RESERVE);
        runQueued();

        assertThat(failures).containsExactly(
                new DeliveryOutcome(DeliveryOutcome.Kind.UNKNOWN_TARGET, "no aggregate with id GHOST-1"));
    }

    @Test
    void aCommandStillFailingAfterItsRetriesIsHandedBackUndelivered() {
        answerWith(() -> CompletableFuture.failedFuture(new IllegalStateException("database unavailable")));

        send(RESERVE);
        runQueued();

        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).kind()).isEqualTo(DeliveryOutcome.Kind.NOT_DELIVERED);
        assertThat(failures.get(0).detail()).contains("ReserveStock", ORDER, "4 attempts", "database unavailable");
        assertThat(calls).hasValue(4);
    }

    @Test
    void noDecisionWithinTheCommandTimeoutCountsAsATransientFailure() {
        answerWith(() -> calls.get() < 2 ? new CompletableFuture<>() : CompletableFuture.completedFuture(null));

        send(RELEASE);
        runQueued();

        assertThat(calls).hasValue(2);
        assertThat(failures).isEmpty();
    }

    @Test
    void aCommandTheExecutorRefusesIsHandedBackUndelivered() {
        Executor full = task -> {
            throw new RejectedExecutionException("queue full");
        };
        CommandDelivery refusing = new CommandDelivery(gateway, RETRY, full);

        refusing.send(ORDER, RESERVE, failures::add);

        assertThat(failures).extracting(DeliveryOutcome::kind).containsExactly(DeliveryOutcome.Kind.NOT_DELIVERED);
        Mockito.verifyNoInteractions(gateway);
    }

    @Test
    void aFailureToHandBackTheOutcomeIsLoggedAndDoesNotEscapeTheDispatchingThread() {
        answerWith(() -> CompletableFuture.failedFuture(new AggregateNotFoundException("GHOST-1", "no events")));

        delivery.send(ORDER, RESERVE, outcome -> {
            throw new IllegalStateException("deadline store unreachable");
        });
        runQueued();

        assertThat(calls).hasValue(1);
    }

    @Test
    void commandsAreSentOnTheSagasOwnAccountNotTheCustomersWhoStartedIt() {
        answerWith(() -> CompletableFuture.completedFuture(null));

        send(RESERVE);
        runQueued();

        org.mockito.ArgumentCaptor<Object> sent = org.mockito.ArgumentCaptor.forClass(Object.class);
        Mockito.verify(gateway).send(sent.capture());
        CommandMessage<?> message = (CommandMessage<?>) sent.getValue();
        assertThat(Caller.of(message.getMetaData())).isEqualTo(Caller.ORDER_FULFILMENT);
        assertThat(Caller.of(message.getMetaData()).hasRole(Caller.SYSTEM)).isTrue();
    }

    @Test
    void theWatchdogsResendIsSkippedWhileTheCommandIsStillHeldHere() {
        answerWith(() -> CompletableFuture.completedFuture(null));

        send(RESERVE);
        assertThat(delivery.resend(ORDER, RESERVE, failures::add)).as("queued, not lost").isFalse();
        runQueued();

        assertThat(calls).hasValue(1);
    }

    @Test
    void theWatchdogsResendIsSkippedForACommandDecidedHereUntilThatIsForgotten() {
        answerWith(() -> CompletableFuture.completedFuture(null));
        java.time.Instant[] now = {java.time.Instant.parse("2026-12-02T10:00:00Z")};
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now[0];
            }
        };
        CommandDelivery remembering = new CommandDelivery(gateway, RETRY, queued::add, Duration.ofMinutes(5), clock);

        remembering.send(ORDER, RESERVE, failures::add);
        runQueued();
        assertThat(remembering.resend(ORDER, RESERVE, failures::add))
                .as("decided in favour: its event is stored and reaches the saga").isFalse();

        now[0] = now[0].plus(Duration.ofMinutes(6));
        assertThat(remembering.resend(ORDER, RESERVE, failures::add)).isTrue();
        runQueued();
        assertThat(calls).hasValue(2);
    }

    @Test
    void theWatchdogsResendGoesOutForACommandThatFailedHere() {
        answerWith(() -> CompletableFuture.failedFuture(new IllegalStateException("database unavailable")));

        send(RELEASE);
        runQueued();

        assertThat(delivery.resend(ORDER, RELEASE, failures::add)).isTrue();
    }
}
