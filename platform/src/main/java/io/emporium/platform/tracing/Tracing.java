package io.emporium.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
 * docs/operations.md). {@code management.tracing.enabled=false} switches only the export off in Spring Boot (it
 * still builds the OpenTelemetry SDK and starts a span for every request and every security filter); with nothing
 * exported, Axon gets its no-op span factory and OpenTelemetry a sampler that records no span, so that neither
 * costs work on every message for nobody. Trace ids still propagate.
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

    /** Tracing disabled: spans are still started (ids propagate) but none is recorded. */
    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false")
    public Sampler emporiumSamplerWithoutExport() {
        return Sampler.alwaysOff();
    }
}
