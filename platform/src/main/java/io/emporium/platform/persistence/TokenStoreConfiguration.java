package io.emporium.platform.persistence;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's JPA token store, as the auto-configuration would build it, but owned under a node id of its own per
 * application instance. Axon's default owner is the JVM's name ({@code pid@host}): two instances in one JVM
 * (the test suite keeps several application contexts alive) would then both believe they own the same
 * segments and project the same events side by side, and one could not reset a processor the other runs.
 */
@Configuration(proxyBeanMethods = false)
public class TokenStoreConfiguration {

    /** This application instance's name as a token owner, also used by the segment balancer's heartbeats. */
    @Bean
    public TokenOwner tokenOwner() {
        return new TokenOwner(nodeId());
    }

    @Bean
    public TokenStore tokenStore(Serializer serializer, EntityManagerProvider entityManagerProvider, TokenOwner owner,
                                 @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return JpaTokenStore.builder()
                            .entityManagerProvider(entityManagerProvider)
                            .serializer(serializer)
                            .claimTimeout(claimTimeout)
                            .nodeId(owner.name())
                            .build();
    }

    static String nodeId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
