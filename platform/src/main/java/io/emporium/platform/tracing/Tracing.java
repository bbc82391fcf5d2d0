package io.emporium.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's spans (dispatching and handling of commands, events, queries; saga and deadline work) on the application's
 * OpenTelemetry, the one Spring Boot configures and Micrometer Tracing's bridge uses for the HTTP spans, so that one
 * trace runs from the HTTP request through the aggregate, the event processors and the saga. Axon's own default
 * would take the global OpenTelemetry, which Spring Boot never sets. Whether spans are recorded and exported is
 * Spring Boot's configuration: {@code management.tracing.enabled} and {@code management.otlp.tracing.endpoint}
 * (see docs/operations.md); without them every span is a no-op.
 */
@Configuration(proxyBeanMethods = false)
public class Tracing {

    @Bean
    public SpanFactory axonOpenTelemetrySpanFactory(ObjectProvider<OpenTelemetry> openTelemetry) {
        OpenTelemetry telemetry = openTelemetry.getIfAvailable(OpenTelemetry::noop);
        return OpenTelemetrySpanFactory.builder()
                                       .tracer(telemetry.getTracer("AxonFramework-OpenTelemetry"))
                                       .contextPropagators(telemetry.getPropagators().getTextMapPropagator())
                                       .build();
    }
}
