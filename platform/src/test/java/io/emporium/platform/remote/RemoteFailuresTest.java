package io.emporium.platform.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Refusal;
import io.emporium.messages.common.RefusalKind;
import io.emporium.platform.serialization.AxonJson;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The interceptors on real (local) buses: what a sender receives is what Axon Server's connector would carry,
 * a failure whose details are the refusal, and those details survive the platform's serializer.
 */
class RemoteFailuresTest {

    static Throwable commandFailure(Exception thrownByHandler) {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.registerHandlerInterceptor(RemoteFailures.commandInterceptor());
        bus.subscribe(String.class.getName(), message -> {
            throw thrownByHandler;
        });
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage("cancel"), (command, answer) -> result.set(answer));
        assertThat(result.get()).isNotNull();
        assertThat(result.get().isExceptional()).isTrue();
        return result.get().exceptionResult();
    }

    @Test
    void aRefusalBecomesACommandExecutionExceptionWithTheRefusalAsDetails() {
        Throwable failure = commandFailure(CommandRefusedException.conflict("illegal-order-transition",
                                                                           "order is CONFIRMED"));

        assertThat(failure).isInstanceOf(CommandExecutionException.class).hasMessage("order is CONFIRMED");
        assertThat(((CommandExecutionException) failure).getDetails())
                .contains(new Refusal(RefusalKind.CONFLICT, "illegal-order-transition", "order is CONFIRMED"));
    }

    @Test
    void aMissingAggregateBecomesTheAggregateNotFoundRefusal() {
        Throwable failure = commandFailure(new AggregateNotFoundException("GHOST-1", "no events"));

        Refusal refusal = (Refusal) ((CommandExecutionException) failure).getDetails().orElseThrow();
        assertThat(refusal.marksMissingAggregate()).isTrue();
        assertThat(refusal.kind()).isEqualTo(RefusalKind.NOT_FOUND);
        assertThat(refusal.message()).contains("GHOST-1");
    }

    @Test
    void anIdHoldingAnotherKindOfAggregateBecomesTheAggregateNotFoundRefusal() {
        Throwable failure = commandFailure(new IncompatibleAggregateException("Aggregate identifier must be non-null"));

        Refusal refusal = (Refusal) ((CommandExecutionException) failure).getDetails().orElseThrow();
        assertThat(refusal.marksMissingAggregate()).isTrue();
        assertThat(refusal.message()).contains("another kind of aggregate");
    }

    @Test
    void anyOtherFailurePassesUnchangedSoThatTheSenderTreatsItAsTransient() {
        IllegalStateException broken = new IllegalStateException("database unavailable");

        assertThat(commandFailure(broken)).isSameAs(broken);
        assertThat(RemoteFailures.refusalOf(broken)).isEmpty();
    }

    @Test
    void aRefusalWrappedInOtherExceptionsIsFound() {
        Exception wrapped = new IllegalStateException("wrapper",
                CommandRefusedException.ruleViolated("insufficient-stock", "only 2 left"));

        assertThat(RemoteFailures.refusalOf(wrapped))
                .contains(new Refusal(RefusalKind.RULE_VIOLATED, "insufficient-stock", "only 2 left"));
    }

    @Test
    void aQueryHandlersRefusalBecomesAQueryExecutionExceptionWithTheRefusalAsDetails() throws Exception {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        bus.registerHandlerInterceptor(RemoteFailures.queryInterceptor());
        bus.subscribe("find", String.class, query -> {
            throw CommandRefusedException.notFound("unknown-projection", "no projection named x");
        });

        CompletableFuture<?> answer = bus.query(new GenericQueryMessage<>("x", "find",
                                                                          ResponseTypes.instanceOf(String.class)));

        Throwable failure = catchCause(answer);
        assertThat(failure).isInstanceOf(QueryExecutionException.class);
        assertThat(((QueryExecutionException) failure).getDetails())
                .contains(new Refusal(RefusalKind.NOT_FOUND, "unknown-projection", "no projection named x"));
    }

    @Test
    void theDetailsSurviveThePlatformsSerializerAsTheyWouldOnTheWire() {
        Serializer serializer = AxonJson.serializer();
        Refusal refusal = Refusal.aggregateNotFound("GHOST-1", null);

        SerializedObject<byte[]> wire = serializer.serialize(refusal, byte[].class);
        Refusal read = serializer.deserialize(wire);

        assertThat(read).isEqualTo(refusal);
        assertThat(read.marksMissingAggregate()).isTrue();
    }

    private static Throwable catchCause(CompletableFuture<?> answer) throws InterruptedException {
        try {
            Object response = answer.get();
            if (response instanceof ResultMessage<?> result && result.isExceptional()) {
                return result.exceptionResult();
            }
            throw new AssertionError("the query should have failed");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            while (cause != null && !(cause instanceof QueryExecutionException) && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return cause == null ? failed.getCause() : cause;
        }
    }
}
