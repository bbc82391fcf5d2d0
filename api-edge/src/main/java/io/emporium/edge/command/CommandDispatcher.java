package io.emporium.edge.command;

import io.emporium.edge.EdgeProperties;
import io.emporium.messages.common.Refusal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Sends a command through Axon's {@link CommandGateway} and waits for its decision, at most
 * {@code emporium.edge.command-timeout}. A refusal or any other failure is rethrown as the handler threw it,
 * for the edge's exception handler to translate; a missing aggregate, or an id that holds another kind of
 * aggregate, becomes an
 * {@link UnknownTargetException} naming what the client asked for; no decision in time becomes a
 * {@link CommandTimeoutException}.
 */
public class CommandDispatcher {

    private static final int MAX_CAUSE_DEPTH = 16;

    private final CommandGateway commandGateway;
    private final Duration timeout;

    public CommandDispatcher(CommandGateway commandGateway, EdgeProperties properties) {
        this.commandGateway = commandGateway;
        this.timeout = properties.commandTimeout();
    }

    /** Sends {@code command} to {@code target} and returns once it has been decided in favour. */
    public void dispatch(Object command, CommandTarget target) {
        dispatchForResult(command, target, Object.class);
    }

    /** Like {@link #dispatch}, and returns what the handler answered (for operator commands that report back). */
    public <R> R dispatchForResult(Object command, CommandTarget target, Class<R> resultType) {
        String commandName = command.getClass().getSimpleName();
        CompletableFuture<Object> decision;
        try {
            decision = commandGateway.send(command);
        } catch (RuntimeException failedToSend) {
            throw translate(failedToSend, target, commandName);
        }
        try {
            return resultType.cast(decision.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException late) {
            throw new CommandTimeoutException(commandName, timeout, late);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CommandTimeoutException(commandName, timeout, interrupted);
        } catch (ExecutionException failed) {
            throw translate(failed.getCause() == null ? failed : failed.getCause(), target, commandName);
        }
    }

    private static RuntimeException translate(Throwable failure, CommandTarget target, String commandName) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof AggregateNotFoundException || cause instanceof IncompatibleAggregateException) {
                // Incompatible: the id holds another kind's events (an order id given as a payment id, or the
                // reverse; they share one id space), so no aggregate of the kind asked for has it.
                return new UnknownTargetException(target, failure);
            }
            if (cause instanceof CommandExecutionException remote
                    && remote.getDetails().orElse(null) instanceof Refusal refusal
                    && refusal.marksMissingAggregate()) {
                // The same miss, reported by a handler behind Axon Server (see platform's RemoteFailures).
                return new UnknownTargetException(target, failure);
            }
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new CommandFailedException(commandName, failure);
    }
}
