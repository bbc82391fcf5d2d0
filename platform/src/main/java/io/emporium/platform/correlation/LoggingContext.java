package io.emporium.platform.correlation;

import io.emporium.messages.common.MetaDataKeys;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts the handled message's request correlation id and caller into SLF4J's MDC ({@link #CORRELATION_ID},
 * {@link #CALLER}) while its handler runs, and restores what was there before, so that log lines written while
 * handling a command, an event or a query name the request that caused them.
 */
public final class LoggingContext implements MessageHandlerInterceptor<Message<?>> {

    /** MDC key of the request correlation id, also used by the edge for the request itself. */
    public static final String CORRELATION_ID = "correlationId";
    /** MDC key of the caller. */
    public static final String CALLER = "caller";

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        String previousCorrelation = MDC.get(CORRELATION_ID);
        String previousCaller = MDC.get(CALLER);
        put(CORRELATION_ID, message.getMetaData().get(MetaDataKeys.CORRELATION_ID));
        put(CALLER, message.getMetaData().get(MetaDataKeys.CALLER));
        try {
            return chain.proceed();
        } finally {
            restore(CORRELATION_ID, previousCorrelation);
            restore(CALLER, previousCaller);
        }
    }

    private static void put(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
