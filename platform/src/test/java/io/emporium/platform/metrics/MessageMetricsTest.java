package io.emporium.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;

class MessageMetricsTest {

    record PlaceSomething(String id) {
    }

    record CancelSomething(String id) {
    }

    record SomethingHappened(String id) {
    }

    private final MockClock clock = new MockClock();

    @Test
    void theMetersAreTheOnesOfAxonsDimensionalMonitorsWithTheSameCounts() {
        MeterRegistry axons = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        MeterRegistry ours = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        GlobalMetricRegistry axonMetrics = new GlobalMetricRegistry(axons);
        MessageMetrics metrics = new MessageMetrics(ours);

        traffic((type, name) -> castMonitor(axonMetrics.registerComponentWithDefaultTags(type, name)));
        traffic(metrics::monitorOf);

        // Everything but the client-side percentiles Axon's timers publish (which configuration can switch on).
        Map<String, String> axonsWithoutPercentiles = new TreeMap<>(describe(axons));
        axonsWithoutPercentiles.keySet().removeIf(meter -> meter.contains(".percentile["));
        assertThat(describe(ours)).isEqualTo(axonsWithoutPercentiles);
        assertThat(ours.get("commandBus.successCounter").tag("payloadType", "PlaceSomething").counter().count())
                .isEqualTo(2);
        assertThat(ours.get("commandBus.failureTimer").tag("payloadType", "CancelSomething").timer().count())
                .isEqualTo(1);
        assertThat(ours.get("eventProcessor.ignoredCounter").tag("processorName", "order-views").counter().count())
                .isEqualTo(1);
        assertThat(ours.get("eventStore.ingestedCounter").counter().count()).isEqualTo(2);
    }

    @Test
    void aMessageAfterTheFirstOfItsTypeAsksTheRegistryForNothing() {
        MeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        MessageMonitor<Message<?>> commands = new MessageMetrics(registry).monitorOf(CommandBus.class, "commandBus");
        commands.onMessageIngested(GenericCommandMessage.asCommandMessage(new PlaceSomething("1"))).reportSuccess();
        var successes = registry.get("commandBus.successCounter").counter();

        registry.clear();
        commands.onMessageIngested(GenericCommandMessage.asCommandMessage(new PlaceSomething("2"))).reportSuccess();

        // Axon's monitors would have registered every meter again for the second message.
        assertThat(registry.getMeters()).isEmpty();
        assertThat(successes.count()).isEqualTo(2);
    }

    @Test
    void anEventProcessorsLatencyIsTheAgeOfItsLastEventAndItsCapacityTheShareOfTimeItWasBusy() {
        MeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        MessageMonitor<Message<?>> processor =
                new MessageMetrics(registry).monitorOf(PooledStreamingEventProcessor.class, "order-views");
        Instant created = Instant.ofEpochMilli(clock.wallTime());
        EventMessage<?> event = new GenericEventMessage<>(
                GenericEventMessage.asEventMessage(new SomethingHappened("1")), () -> created);
        clock.add(Duration.ofSeconds(5));

        MessageMonitor.MonitorCallback handling = processor.onMessageIngested(event);
        clock.add(Duration.ofSeconds(60));
        handling.reportSuccess();

        assertThat(registry.get("eventProcessor.latency").tag("processorName", "order-views").gauge().value())
                .isEqualTo(5_000);
        assertThat(registry.get("eventProcessor.capacity").tag("payloadType", "SomethingHappened").gauge().value())
                .isEqualTo(60.0 / 600);
        assertThat(registry.get("eventProcessor.successTimer").tag("processorName", "order-views").timer()
                .totalTime(TimeUnit.SECONDS)).isEqualTo(60.0);
    }

    private void traffic(BiFunction<Class<?>, String, MessageMonitor<Message<?>>> monitors) {
        MessageMonitor<Message<?>> commands = monitors.apply(CommandBus.class, "commandBus");
        commands.onMessageIngested(GenericCommandMessage.asCommandMessage(new PlaceSomething("1"))).reportSuccess();
        commands.onMessageIngested(GenericCommandMessage.asCommandMessage(new PlaceSomething("2"))).reportSuccess();
        commands.onMessageIngested(GenericCommandMessage.asCommandMessage(new CancelSomething("1")))
                .reportFailure(new IllegalStateException("refused"));
        MessageMonitor<Message<?>> events = monitors.apply(EventBus.class, "eventStore");
        events.onMessageIngested(GenericEventMessage.asEventMessage(new SomethingHappened("1"))).reportSuccess();
        events.onMessageIngested(GenericEventMessage.asEventMessage(new PlaceSomething("3"))).reportSuccess();
        MessageMonitor<Message<?>> processor = monitors.apply(PooledStreamingEventProcessor.class, "order-views");
        processor.onMessageIngested(GenericEventMessage.asEventMessage(new SomethingHappened("1"))).reportSuccess();
        processor.onMessageIngested(GenericEventMessage.asEventMessage(new PlaceSomething("4"))).reportIgnored();
        MessageMonitor<Message<?>> queries = monitors.apply(QueryBus.class, "queryBus");
        queries.onMessageIngested(new GenericQueryMessage<>(new PlaceSomething("5"),
                ResponseTypes.instanceOf(String.class))).reportSuccess();
    }

    /** Every meter as its name, type and tags, with its count where it counts. */
    private static Map<String, String> describe(MeterRegistry registry) {
        Map<String, String> meters = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String count = switch (meter.getId().getType()) {
                case COUNTER -> String.valueOf(registry.get(meter.getId().getName()).tags(meter.getId().getTags())
                        .counter().count());
                case TIMER -> String.valueOf(registry.get(meter.getId().getName()).tags(meter.getId().getTags())
                        .timer().count());
                default -> "";
            };
            meters.put(meter.getId().getName() + meter.getId().getTags(), meter.getId().getType() + " " + count);
        }
        return meters;
    }

    @SuppressWarnings("unchecked")
    private static MessageMonitor<Message<?>> castMonitor(MessageMonitor<? extends Message<?>> monitor) {
        return (MessageMonitor<Message<?>>) monitor;
    }
}
