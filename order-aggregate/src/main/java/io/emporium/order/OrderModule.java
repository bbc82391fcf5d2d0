package io.emporium.order;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The order aggregate as a Spring module. Imported by the standalone assembly and later by the order
 * service, so that neither has to component-scan this package (several application classes on one
 * classpath would otherwise scan each other). Axon's auto-configuration finds the imported
 * {@code @Aggregate} and registers its command handlers and repository.
 */
@Configuration(proxyBeanMethods = false)
@Import(Order.class)
public class OrderModule {
}
