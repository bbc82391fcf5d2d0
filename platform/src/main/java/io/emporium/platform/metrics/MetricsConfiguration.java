package io.emporium.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon's message metrics, each meter registered once ({@link MessageMetrics}, decision 0038). */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    public MessageMetrics axonMessageMetrics(MeterRegistry registry) {
        return new MessageMetrics(registry);
    }
}
