package io.emporium.platform.remote;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Refusal;
import io.emporium.messages.common.RefusalKind;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryMessage;

/**
 * Makes a handler's refusal survive the trip through Axon Server. Over Axon Server only a
 * {@link HandlerExecutionException}'s message and its serialized <em>details</em> reach the sender; the
 * exception's type and cause are lost. These interceptors catch a {@link CommandRefusedException} (or Axon's
 * {@link AggregateNotFoundException} or {@link IncompatibleAggregateException}, both read as a missing aggregate, or its
 * {@link ConflictingAggregateVersionException} for a stale expected
 * version) thrown by a command or query handler and rethrow it as a
 * {@link CommandExecutionException} (or {@link QueryExecutionException}) whose details are the {@link Refusal}, which
 * the edge and the saga read the same way they read a local refusal. Every other failure passes unchanged: it is
 * not a decision, and the sender treats it as transient.
 */
public final class RemoteFailures {

    private static final int MAX_CAUSE_DEPTH = 16;

    private RemoteFailures() {
    }

    /** The refusal a failure stands for, if it is one: a refusal or a missing aggregate anywhere in its causes. */
    public static Optional<Refusal> refusalOf(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH && seen.add(cause);
             depth++, cause = cause.getCause()) {
            if (cause instanceof HandlerExecutionException remote
                    && remote.getDetails().orElse(null) instanceof Refusal refusal) {
                return Optional.of(refusal);
            }
            if (cause instanceof CommandRefusedException refused) {
                return Optional.of(refused.toRefusal());
            }
            if (cause instanceof AggregateNotFoundException missing) {
                return Optional.of(Refusal.aggregateNotFound(String.valueOf(missing.getAggregateIdentifier()), null));
            }
            if (cause instanceof IncompatibleAggregateException) {
                // The id holds another kind's events: no aggregate of the kind the command is for has it.
                return Optional.of(Refusal.aggregateNotFound(null, "no aggregate of the kind the command is for"
                        + " has this id (it belongs to another kind of aggregate)"));
            }
            if (cause instanceof ConflictingAggregateVersionException stale) {
                return Optional.of(new Refusal(RefusalKind.PRECONDITION_FAILED, Refusal.VERSION_MISMATCH,
                        "aggregate " + stale.getAggregateIdentifier() + " is at version " + stale.getActualVersion()
                                + ", the command expected " + stale.getExpectedVersion()));
            }
        }
        return Optional.empty();
    }

    /** A command failure in the form that crosses Axon Server: a refusal as details, anything else unchanged. */
    public static Exception forCommandSender(Exception failure) {
        if (failure instanceof CommandExecutionException remote && remote.getDetails().isPresent()) {
            return failure;
        }
        return refusalOf(failure).<Exception>map(refusal -> new CommandExecutionException(
                refusal.message(), failure, refusal)).orElse(failure);
    }

    /** A query failure in the form that crosses Axon Server: a refusal as details, anything else unchanged. */
    public static Exception forQuerySender(Exception failure) {
        if (failure instanceof QueryExecutionException remote && remote.getDetails().isPresent()) {
            return failure;
        }
        return refusalOf(failure).<Exception>map(refusal -> new QueryExecutionException(
                refusal.message(), failure, refusal)).orElse(failure);
    }

    /** The interceptor for the command bus of a service connected to Axon Server. */
    public static MessageHandlerInterceptor<CommandMessage<?>> commandInterceptor() {
        return new CommandInterceptor();
    }

    /** The interceptor for the query bus of a service connected to Axon Server. */
    public static MessageHandlerInterceptor<QueryMessage<?, ?>> queryInterceptor() {
        return new QueryInterceptor();
    }

    private static final class CommandInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {
        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            try {
                return chain.proceed();
            } catch (Exception failure) {
                throw forCommandSender(failure);
            }
        }
    }

    private static final class QueryInterceptor implements MessageHandlerInterceptor<QueryMessage<?, ?>> {
        @Override
        public Object handle(UnitOfWork<? extends QueryMessage<?, ?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            try {
                return chain.proceed();
            } catch (Exception failure) {
                throw forQuerySender(failure);
            }
        }
    }
}
