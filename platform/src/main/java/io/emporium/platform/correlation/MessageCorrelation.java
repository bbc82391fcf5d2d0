package io.emporium.platform.correlation;

import io.emporium.messages.common.MetaDataKeys;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every message passes on to the messages its handling causes, in both modes: Axon's own origin
 * ({@code correlationId}, {@code traceId}: the parent message and the first of the chain) and Emporium's
 * request correlation id and caller ({@link MetaDataKeys}). An event stored while a command was handled thus names
 * the HTTP request and the caller behind it, and so does a command the saga sends while handling that event,
 * unless its sender writes its own caller (the saga does). While a handler runs, the message's correlation id and
 * caller are in the logging context ({@link LoggingContext}), so every log line of the chain carries them.
 */
@Configuration(proxyBeanMethods = false)
public class MessageCorrelation {

    /** Axon's default, declared because declaring any provider replaces Axon's default list. */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    public CorrelationDataProvider emporiumCorrelationData() {
        return new SimpleCorrelationDataProvider(MetaDataKeys.CORRELATION_ID, MetaDataKeys.CALLER,
                                                 MetaDataKeys.CALLER_ROLES);
    }

    /** Registered by Axon on the command and query buses and every event processor (the saga's included). */
    @Bean
    public MessageHandlerInterceptor<Message<?>> loggingContextInterceptor() {
        return new LoggingContext();
    }
}
