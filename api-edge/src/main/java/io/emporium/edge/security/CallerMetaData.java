package io.emporium.edge.security;

import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Writes the caller of the HTTP request into every command the request sends ({@code emporium.caller},
 * {@code emporium.callerRoles}), so the command handlers can check it again and every event it causes records it.
 * It runs on the thread that dispatches: a command sent by the order saga or any other component, which serves no
 * request, passes unchanged and keeps the caller its sender wrote.
 */
final class CallerMetaData implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> Callers.fromContext()
                                          .<CommandMessage<?>>map(caller -> message.andMetaData(caller.toMetaData()))
                                          .orElse(message);
    }
}
