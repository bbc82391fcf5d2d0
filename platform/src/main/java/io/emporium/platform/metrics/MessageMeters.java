package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.annotation.Nonnull;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

/**
 * One Axon component's message metrics, with the names and tags of Axon's dimensional Micrometer monitors
 * ({@code <prefix>.allTimer}, {@code .successTimer}, {@code .failureTimer}, {@code .ignoredTimer}, the counters
 * {@code .ingestedCounter}, {@code .successCounter}, {@code .failureCounter}, {@code .processedCounter},
 * {@code .ignoredCounter}, the gauges {@code .capacity} and, for an event processor, {@code .latency}), but each meter
 * registered once per payload type instead of looked up in the registry for every message (see decision 0038).
 * Timers have no client-side percentiles unless {@code management.metrics.distribution.*} asks for them.
 */
final class MessageMeters implements MessageMonitor<Message<?>> {

    /** What one component measures, and under which tags. */
    record Shape(String prefix, Tags componentTags, boolean taggedCounters, boolean capacity, boolean latency) {
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Shape shape;
    private final ConcurrentMap<String, PayloadMeters> shared;
    private final ConcurrentMap<Class<?>, PayloadMeters> byPayload = new ConcurrentHashMap<>();
    private final AtomicLong latency;

    /**
     * @param shared the meters of every component of the application, so that two monitors of one component (Axon
     *               may ask twice) record into the same meters and gauges
     */
    MessageMeters(MeterRegistry registry, Shape shape, ConcurrentMap<String, PayloadMeters> shared,
                  Function<String, AtomicLong> latencies) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.shape = shape;
        this.shared = shared;
        this.latency = shape.latency() ? latencies.apply(shape.prefix() + shape.componentTags()) : null;
        if (latency != null) {
            Gauge.builder(shape.prefix() + ".latency", latency, AtomicLong::get)
                 .tags(shape.componentTags())
                 .strongReference(true)
                 .register(registry);
        }
    }

    @Override
    public MonitorCallback onMessageIngested(@Nonnull Message<?> message) {
        if (latency != null && message instanceof EventMessage<?> event) {
            latency.set(clock.wallTime() - event.getTimestamp().toEpochMilli());
        }
        PayloadMeters meters = byPayload.computeIfAbsent(message.getPayloadType(), this::metersOf);
        meters.ingested.increment();
        long start = clock.monotonicTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                long duration = meters.record(clock.monotonicTime() - start);
                meters.success.record(duration, TimeUnit.NANOSECONDS);
                meters.processed.increment();
                meters.succeeded.increment();
            }

            @Override
            public void reportFailure(Throwable cause) {
                long duration = meters.record(clock.monotonicTime() - start);
                meters.failure.record(duration, TimeUnit.NANOSECONDS);
                meters.processed.increment();
                meters.failed.increment();
            }

            @Override
            public void reportIgnored() {
                long duration = meters.record(clock.monotonicTime() - start);
                meters.ignoredTimer.record(duration, TimeUnit.NANOSECONDS);
                meters.ignored.increment();
            }
        };
    }

    private PayloadMeters metersOf(Class<?> payloadType) {
        Tags tags = shape.componentTags().and("payloadType", payloadType.getSimpleName());
        return shared.computeIfAbsent(shape.prefix() + tags, key -> new PayloadMeters(registry, shape, tags));
    }

    /** The meters of one payload type in one component. */
    static final class PayloadMeters {

        private final Timer all;
        private final Timer success;
        private final Timer failure;
        private final Timer ignoredTimer;
        private final Counter ingested;
        private final Counter succeeded;
        private final Counter failed;
        private final Counter processed;
        private final Counter ignored;
        private final BusyTime busy;

        PayloadMeters(MeterRegistry registry, Shape shape, Tags tags) {
            String prefix = shape.prefix();
            all = Timer.builder(prefix + ".allTimer").tags(tags).register(registry);
            success = Timer.builder(prefix + ".successTimer").tags(tags).register(registry);
            failure = Timer.builder(prefix + ".failureTimer").tags(tags).register(registry);
            ignoredTimer = Timer.builder(prefix + ".ignoredTimer").tags(tags).register(registry);
            Tags counterTags = shape.taggedCounters() ? tags : Tags.empty();
            ingested = registry.counter(prefix + ".ingestedCounter", counterTags);
            succeeded = registry.counter(prefix + ".successCounter", counterTags);
            failed = registry.counter(prefix + ".failureCounter", counterTags);
            processed = registry.counter(prefix + ".processedCounter", counterTags);
            ignored = registry.counter(prefix + ".ignoredCounter", counterTags);
            if (shape.capacity()) {
                Clock clock = registry.config().clock();
                busy = new BusyTime(clock::monotonicTime);
                Gauge.builder(prefix + ".capacity", busy, BusyTime::share)
                     .tags(tags)
                     .strongReference(true)
                     .register(registry);
            } else {
                busy = null;
            }
        }

        /** Records {@code nanos} in the all-messages timer and the busy time; returns it. */
        long record(long nanos) {
            all.record(nanos, TimeUnit.NANOSECONDS);
            if (busy != null) {
                busy.add(nanos);
            }
            return nanos;
        }
    }
}
