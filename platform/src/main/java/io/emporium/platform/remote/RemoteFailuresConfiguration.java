package io.emporium.platform.remote;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.queryhandling.QueryBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Axon Server (distributed mode) every service's command and query buses translate refusals into failures
 * whose details survive the trip back to the sender ({@link RemoteFailures}). Standalone mode (Axon Server
 * disabled) keeps the local exceptions as they are.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true", matchIfMissing = true)
public class RemoteFailuresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RemoteFailuresConfiguration.class);

    @Bean
    SmartInitializingSingleton remoteFailureInterceptors(CommandBus commandBus, QueryBus queryBus) {
        return () -> {
            commandBus.registerHandlerInterceptor(RemoteFailures.commandInterceptor());
            queryBus.registerHandlerInterceptor(RemoteFailures.queryInterceptor());
            log.info("Refusals travel as details of remote failures on {} and {}",
                     commandBus.getClass().getSimpleName(), queryBus.getClass().getSimpleName());
        };
    }
}
