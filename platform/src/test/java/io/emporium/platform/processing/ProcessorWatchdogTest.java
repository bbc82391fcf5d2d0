package io.emporium.platform.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The watchdog on Axon's in-memory event store, with one pooled processor (one segment) whose handler takes 20 ms
 * an event, driven look by look: a processor far behind the head that keeps moving is left alone however long it
 * takes, and one that stopped while events wait is reported and restarted once it made no progress for
 * {@code stall-after}.
 */
class ProcessorWatchdogTest {

    static final Duration STALL_AFTER = Duration.ofSeconds(1);

    @ProcessingGroup("slow")
    static class SlowHandler {

        final AtomicInteger handled = new AtomicInteger();

        @EventHandler
        void on(String event) throws InterruptedException {
            Thread.sleep(20);
            handled.incrementAndGet();
        }
    }

    final SlowHandler handler = new SlowHandler();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    Configuration axon;
    ProcessorWatchdog watchdog;

    @BeforeEach
    void start() {
        TokenStore tokenStore = new InMemoryTokenStore();
        axon = DefaultConfigurer.defaultConfiguration()
                                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                                .registerComponent(TokenStore.class, c -> tokenStore)
                                .eventProcessing(processing -> processing
                                        .usingPooledStreamingEventProcessors()
                                        .registerPooledStreamingEventProcessorConfiguration(
                                                "slow", (c, builder) -> builder.initialSegmentCount(1))
                                        .registerEventHandler(c -> handler))
                                .start();
        scheduler.initialize();
        watchdog = new ProcessorWatchdog(axon, tokenStore, NoTransactionManager.INSTANCE, scheduler,
                                         new ProcessorWatchdogProperties(true, Duration.ofMillis(100), STALL_AFTER, 2,
                                                                         Duration.ofSeconds(10), 100),
                                         meters, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        axon.shutdown();
        scheduler.shutdown();
    }

    StreamingEventProcessor processor() {
        return axon.eventProcessingConfiguration().eventProcessor("slow", StreamingEventProcessor.class).orElseThrow();
    }

    void publish(int events) {
        for (int i = 0; i < events; i++) {
            axon.eventBus().publish(GenericEventMessage.asEventMessage("event " + i));
        }
    }

    @Test
    void aProcessorFarBehindTheHeadThatKeepsMovingIsNeitherReportedNorRestarted() throws InterruptedException {
        await().atMost(Duration.ofSeconds(10)).until(() -> processor().processingStatus().size() == 1);
        publish(200); // about 4 s of work, four times stall-after

        Instant until = Instant.now().plus(STALL_AFTER.multipliedBy(3));
        int behind = 0;
        while (Instant.now().isBefore(until)) {
            watchdog.check();
            assertThat(watchdog.stalls()).isEmpty();
            behind += handler.handled.get() < 200 ? 1 : 0;
            Thread.sleep(100);
        }

        assertThat(behind).as("looks taken while the processor was behind").isGreaterThan(20);
        watchdog.check();
        double lag = meters.get("emporium.processor.segment.lag").tag("processor", "slow").tag("segment", "0")
                           .gauge().value();
        assertThat(lag).as("positions between the head and segment 0 at the last look")
                       .isEqualTo(200 - handler.handled.get(), offset(2.0));
        assertThat(lag).isPositive();
        assertThat(handler.handled.get()).as("still behind at the end").isLessThan(200);
        assertThat(watchdog.restarts("slow")).isZero();
        assertThat(meters.get("emporium.processor.restarts").tag("processor", "slow").counter().count()).isZero();
    }

    @Test
    void aProcessorStoppedWhileEventsWaitIsReportedStalledThenRestartedAndCatchesUp() throws InterruptedException {
        await().atMost(Duration.ofSeconds(10)).until(() -> processor().processingStatus().size() == 1);
        processor().shutDown();
        publish(10);

        watchdog.check(); // waiting, not yet for stall-after
        assertThat(watchdog.stalls()).isEmpty();
        Thread.sleep(STALL_AFTER.toMillis() + 100);
        watchdog.check();

        assertThat(watchdog.stalls()).containsOnlyKeys("slow");
        assertThat(watchdog.stalls().get("slow")).startsWith("not running, no progress for");
        assertThat(meters.get("emporium.processor.stalled").tag("processor", "slow").gauge().value()).isEqualTo(1);
        assertThat(watchdog.restarts("slow")).isEqualTo(1);
        assertThat(processor().isRunning()).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> handler.handled.get() == 10);
        watchdog.check();
        assertThat(watchdog.stalls()).isEmpty();
        assertThat(meters.get("emporium.processor.segment.lag").tag("segment", "0").gauge().value()).isZero();
        assertThat(meters.get("emporium.processor.stalled").tag("processor", "slow").gauge().value()).isZero();
        assertThat(meters.get("emporium.processor.restarts").tag("processor", "slow").counter().count()).isEqualTo(1);
    }
}
