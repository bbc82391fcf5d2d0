package io.emporium.platform.persistence;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * PostgreSQL preparation: creates the database on first start unless told not to; Axon's token store with
 * an owner id per application instance.
 */
@Configuration(proxyBeanMethods = false)
@Import(TokenStoreConfiguration.class)
public class PersistenceConfiguration {

    @Bean
    @ConditionalOnProperty(name = "emporium.database.create-if-missing", havingValue = "true", matchIfMissing = true)
    static DatabaseBootstrapPostProcessor databaseBootstrapPostProcessor() {
        return new DatabaseBootstrapPostProcessor();
    }
}
