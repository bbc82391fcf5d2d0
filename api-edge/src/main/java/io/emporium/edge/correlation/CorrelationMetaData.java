package io.emporium.edge.correlation;

import io.emporium.messages.common.MetaDataKeys;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.slf4j.MDC;

/**
 * Writes the correlation id of the request being served ({@link CorrelationIdFilter}) into every command and query
 * it sends ({@code emporium.correlationId}). On a thread that serves no request the message passes unchanged and
 * keeps what Axon copied into it from the message being handled.
 */
public final class CorrelationMetaData<M extends Message<?>> implements MessageDispatchInterceptor<M> {

    @Override
    @SuppressWarnings("unchecked")
    public BiFunction<Integer, M, M> handle(List<? extends M> messages) {
        return (index, message) -> {
            String id = MDC.get(CorrelationIdFilter.MDC_KEY);
            return id == null ? message : (M) message.andMetaData(Map.of(MetaDataKeys.CORRELATION_ID, id));
        };
    }
}
