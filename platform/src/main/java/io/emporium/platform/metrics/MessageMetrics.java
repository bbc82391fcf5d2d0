package io.emporium.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.annotation.Nonnull;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;

/**
 * Axon's message metrics for every command bus, event bus, query bus, update emitter and event processor, with the
 * meter names and tags of Axon's dimensional monitors ({@code axon.metrics.micrometer.dimensional=true}), each
 * meter registered once instead of for every message (decision 0038).
 *
 * <p>It takes the place of Axon's own {@link MetricsConfigurerModule}: Axon's Spring Boot auto-configuration
 * registers that module only when no bean of its type exists ({@code MicrometerMetricsAutoConfiguration}, 4.12.2).
 */
public class MessageMetrics extends MetricsConfigurerModule {

    static final String EVENT_PROCESSOR = "eventProcessor";
    static final String PROCESSOR_NAME = "processorName";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, MessageMeters.PayloadMeters> meters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> latencies = new ConcurrentHashMap<>();

    public MessageMetrics(MeterRegistry registry) {
        super(new GlobalMetricRegistry(registry), true);
        this.registry = registry;
    }

    @Override
    public void configureModule(@Nonnull Configurer configurer) {
        configurer.configureMessageMonitor(configuration -> this::monitorOf);
    }

    /** The monitor of one component, as Axon's {@code GlobalMetricRegistry.registerComponentWithDefaultTags}. */
    MessageMonitor<Message<?>> monitorOf(Class<?> componentType, String componentName) {
        MessageMeters.Shape shape;
        if (EventProcessor.class.isAssignableFrom(componentType)) {
            shape = new MessageMeters.Shape(EVENT_PROCESSOR, Tags.of(PROCESSOR_NAME, componentName), true, true, true);
        } else if (CommandBus.class.isAssignableFrom(componentType)
                || QueryBus.class.isAssignableFrom(componentType)
                || QueryUpdateEmitter.class.isAssignableFrom(componentType)) {
            shape = new MessageMeters.Shape(componentName, Tags.empty(), true, true, false);
        } else if (EventBus.class.isAssignableFrom(componentType)) {
            // Axon counts an event bus's messages without the payload type, and times them with it.
            shape = new MessageMeters.Shape(componentName, Tags.empty(), false, false, false);
        } else {
            return NoOpMessageMonitor.instance();
        }
        return new MessageMeters(registry, shape, meters, key -> latencies.computeIfAbsent(key, k -> new AtomicLong()));
    }
}
