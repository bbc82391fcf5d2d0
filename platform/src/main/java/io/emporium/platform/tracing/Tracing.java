package io.emporium.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.tracing.ConditionalOnEnabledTracing;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's spans (dispatching and handling of commands, events, queries; saga and deadline work) on the application's
 * OpenTelemetry, the one Spring Boot configures and Micrometer Tracing's bridge uses for the HTTP spans, so that one
 * trace runs from the HTTP request through the aggregate, the event processors and the saga. Axon's own default
 * would take the global OpenTelemetry, which Spring Boot never sets. Whether spans are exported is Spring Boot's
 * configuration: {@code management.tracing.enabled} and {@code management.otlp.tracing.endpoint} (see
 * docs/operations.md). With tracing disabled, Axon gets its no-op span factory: Spring Boot still builds an
 * OpenTelemetry SDK then, and spans on it would be recorded for nobody on every message.
 */
@Configuration(proxyBeanMethods = false)
public class Tracing {

    @Bean
    @ConditionalOnEnabledTracing
    public SpanFactory axonOpenTelemetrySpanFactory(ObjectProvider<OpenTelemetry> openTelemetry) {
        OpenTelemetry telemetry = openTelemetry.getIfAvailable(OpenTelemetry::noop);
        return OpenTelemetrySpanFactory.builder()
                                       .tracer(telemetry.getTracer("AxonFramework-OpenTelemetry"))
                                       .contextPropagators(telemetry.getPropagators().getTextMapPropagator())
                                       .build();
    }

    /** Tracing disabled ({@code management.tracing.enabled=false}): Axon creates no spans at all. */
    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false")
    public SpanFactory axonNoOpSpanFactory() {
        return NoOpSpanFactory.INSTANCE;
    }
}
