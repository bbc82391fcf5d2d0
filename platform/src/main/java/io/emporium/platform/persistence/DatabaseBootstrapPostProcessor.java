package io.emporium.platform.persistence;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Runs {@link DatabaseBootstrap} when the application's connection pool is created, before Flyway or
 * Hibernate open their first connection. Only pools whose URL is a PostgreSQL URL are touched.
 */
class DatabaseBootstrapPostProcessor implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                && pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            DatabaseBootstrap.ensureDatabaseExists(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
        }
        return bean;
    }
}
