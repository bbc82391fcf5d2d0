package io.emporium.platform.processing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Restarts a streaming processor that stopped making progress while events wait for it, and reports it as stalled
 * (readiness DOWN, {@code emporium.processor.stalled}) until it moves again (decision 0048).
 *
 * <p>Every {@code interval} it asks the event store for its head, once, and compares each streaming processor's view
 * with it. Events wait for a processor when it is not running, when a segment it holds is behind the head, or when it
 * holds no segment while the token store has one that nobody holds. A processor progresses when the position of any
 * segment it holds moves on. Waiting without progress for {@code stallAfter} is a stall, with one check first for a
 * running processor behind the head: events it does not handle never reach it (Axon Server leaves out the payload
 * types a processor ignores), so its position may rest behind the head for good; the events after its position are
 * read (at most {@code probeEvents}) and only one it would handle, in a segment it holds, makes it stalled.
 *
 * <p>A stalled processor is shut down and started again through Axon's {@link StreamingEventProcessor} API, at most
 * {@code maxRestarts} times for one stall; its progress ends the stall and resets the count.
 *
 * <p>Each look also sets {@code emporium.processor.segment.lag} (tags {@code processor}, {@code segment}): how many
 * positions of the event stream lie between the head and each segment this instance holds, as of that look. A segment
 * another instance took over loses its gauge here. Events the processor ignores count too, so a quiet processor may
 * show a lag that never shrinks; Axon's {@code eventProcessor.latency} is how old its last event is.
 */
public final class ProcessorWatchdog implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProcessorWatchdog.class);
    /** The longest a look at the events after a quiet processor's position may take. */
    private static final Duration PROBE_TIME = Duration.ofSeconds(2);

    private final Configuration axon;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final ThreadPoolTaskScheduler scheduler;
    private final ProcessorWatchdogProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private ScheduledFuture<?> task;

    public ProcessorWatchdog(Configuration axon, TokenStore tokenStore, TransactionManager transactionManager,
                             ThreadPoolTaskScheduler scheduler, ProcessorWatchdogProperties properties,
                             MeterRegistry meters, Clock clock) {
        this.axon = axon;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.scheduler = scheduler;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** Why each stalled processor of this instance is stalled; empty while every one progresses or has no work. */
    public Map<String, String> stalls() {
        return watches.entrySet().stream().filter(entry -> entry.getValue().stall != null)
                      .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().stall, (a, b) -> a,
                                                TreeMap::new));
    }

    /** Restarts done so far for {@code processorName}, over this instance's life. */
    public int restarts(String processorName) {
        Watch watch = watches.get(processorName);
        return watch == null ? 0 : watch.restarts;
    }

    /** One look at every streaming processor. Public for tests that drive the watchdog step by step. */
    public synchronized void check() {
        Head head = head();
        if (head == null) {
            return; // the event store does not answer: nothing can be judged this round
        }
        Instant now = clock.instant();
        Map<String, EventProcessor> processors = axon.eventProcessingConfiguration().eventProcessors();
        for (Map.Entry<String, EventProcessor> entry : processors.entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor processor) {
                try {
                    check(entry.getKey(), processor, head.position(), now);
                } catch (RuntimeException e) {
                    log.warn("Watchdog skipped processor {} this round: {}", entry.getKey(), e.toString());
                }
            }
        }
    }

    private void check(String name, StreamingEventProcessor processor, long head, Instant now) {
        Watch watch = watches.computeIfAbsent(name, this::watch);
        Map<Integer, EventTrackerStatus> held = processor.processingStatus();
        Map<Integer, Long> positions = new TreeMap<>();
        held.forEach((segment, status) -> positions.put(segment, status.getCurrentPosition().orElse(-1L)));
        watch.recordLags(name, positions, head);
        boolean progressed = positions.entrySet().stream().anyMatch(
                position -> position.getValue() > watch.positions.getOrDefault(position.getKey(), Long.MAX_VALUE));
        watch.positions.putAll(positions);

        String waiting = waiting(name, processor, positions, head);
        if (waiting == null || progressed) {
            if (watch.stall != null) {
                log.info("Processor {} makes progress again{}", name, waiting == null ? " (nothing waits for it)" : "");
            }
            watch.clear(waiting == null ? null : now);
            return;
        }
        if (watch.waitingSince == null) {
            watch.waitingSince = now;
        }
        if (Duration.between(watch.waitingSince, now).compareTo(properties.stallAfter()) < 0) {
            return;
        }
        if (processor.isRunning() && !held.isEmpty() && !handlesAnEventAfter(processor, held.values())) {
            watch.waitingSince = now; // only events it ignores lie ahead: looked at again after stallAfter
            return;
        }
        watch.stall = waiting + ", no progress for " + Duration.between(watch.waitingSince, now).toSeconds() + " s"
                + (processor.isError() ? " (in error)" : "");
        if (watch.restartsForThisStall >= properties.maxRestarts()) {
            if (!watch.gaveUp) {
                log.error("Processor {} is stalled: {}; {} restart(s) did not help, it stays reported as not ready",
                          name, watch.stall, watch.restartsForThisStall);
                watch.gaveUp = true;
            }
            watch.stall += "; " + watch.restartsForThisStall + " restart(s) did not help";
            return;
        }
        watch.restartsForThisStall++;
        log.warn("Processor {} is stalled: {}; restarting it ({} of at most {})", name, watch.stall,
                 watch.restartsForThisStall, properties.maxRestarts());
        restart(name, processor);
        watch.restarted();
        watch.waitingSince = clock.instant(); // the restarted processor gets stallAfter of its own
    }

    /** What waits for the processor, or null when nothing does. */
    private String waiting(String name, StreamingEventProcessor processor, Map<Integer, Long> positions, long head) {
        if (!processor.isRunning()) {
            return "not running";
        }
        if (!positions.isEmpty()) {
            long lowest = positions.values().stream().mapToLong(Long::longValue).min().orElse(-1);
            return lowest < head ? "position " + lowest + " behind the head of the event store at " + head : null;
        }
        List<?> unclaimed = transactionManager.fetchInTransaction(() -> tokenStore.fetchAvailableSegments(name));
        return unclaimed.isEmpty() ? null : "holds no segment while " + unclaimed.size() + " segment(s) are unclaimed";
    }

    /** Whether an event after a held segment's position is one the processor would handle in that segment. */
    private boolean handlesAnEventAfter(StreamingEventProcessor processor, Iterable<EventTrackerStatus> held) {
        if (!(processor instanceof AbstractEventProcessor withHandlers)) {
            return true; // cannot tell: a stall it is
        }
        EventTrackerStatus lowest = null;
        for (EventTrackerStatus status : held) {
            if (lowest == null || status.getCurrentPosition().orElse(-1) < lowest.getCurrentPosition().orElse(-1)) {
                lowest = status;
            }
        }
        TrackingToken from = WrappedToken.unwrapLowerBound(lowest.getTrackingToken());
        StreamableMessageSource<TrackedEventMessage<?>> events = axon.eventStore();
        Instant deadline = clock.instant().plus(PROBE_TIME.compareTo(properties.interval()) < 0 ? PROBE_TIME
                : properties.interval());
        try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(from)) {
            for (int read = 0; read < properties.probeEvents(); read++) {
                long wait = Duration.between(clock.instant(), deadline).toMillis();
                if (wait <= 0 || !stream.hasNextAvailable((int) wait, TimeUnit.MILLISECONDS)) {
                    return false;
                }
                TrackedEventMessage<?> event = stream.nextAvailable();
                long position = event.trackingToken().position().orElse(-1);
                for (EventTrackerStatus status : held) {
                    if (position > status.getCurrentPosition().orElse(-1)
                            && withHandlers.eventHandlerInvoker().canHandle(event, status.getSegment())) {
                        return true;
                    }
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void restart(String name, StreamingEventProcessor processor) {
        try {
            processor.shutdownAsync().get(properties.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
            processor.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Restart of processor {} failed: {}", name, e.toString());
        }
    }

    private Head head() {
        try {
            TrackingToken head = axon.eventStore().createHeadToken();
            return new Head(head == null ? -1 : head.position().orElse(-1));
        } catch (RuntimeException e) {
            log.debug("Watchdog round skipped: the head of the event store is unknown ({})", e.toString());
            return null;
        }
    }

    private record Head(long position) {
    }

    private Watch watch(String name) {
        Watch watch = new Watch(meters, meters == null ? null
                : Counter.builder("emporium.processor.restarts")
                         .description("Restarts of a stalled event processor by the watchdog")
                         .tag("processor", name).register(meters));
        if (meters != null) {
            Gauge.builder("emporium.processor.stalled", watch, w -> w.stall == null ? 0 : 1)
                 .description("1 while the event processor is stalled: events wait and it makes no progress")
                 .tag("processor", name).register(meters);
        }
        return watch;
    }

    /** What the watchdog remembers of one processor between looks. */
    private static final class Watch {

        private final MeterRegistry meters;
        private final Counter restartMeter;
        /** Events between the head and each segment this instance holds, with the gauge that shows it. */
        private final Map<Integer, AtomicLong> lags = new TreeMap<>();
        private final Map<Integer, Gauge> lagGauges = new TreeMap<>();
        private volatile int restarts;
        /** The last position seen of every segment this instance held, kept while another instance holds it. */
        private final Map<Integer, Long> positions = new TreeMap<>();
        private Instant waitingSince;
        private volatile String stall;
        private int restartsForThisStall;
        private boolean gaveUp;

        Watch(MeterRegistry meters, Counter restartMeter) {
            this.meters = meters;
            this.restartMeter = restartMeter;
        }

        void recordLags(String processor, Map<Integer, Long> held, long head) {
            if (meters == null) {
                return;
            }
            held.forEach((segment, position) -> lags.computeIfAbsent(segment, s -> {
                AtomicLong lag = new AtomicLong();
                lagGauges.put(s, Gauge.builder("emporium.processor.segment.lag", lag, AtomicLong::get)
                                      .description("Positions of the event stream between its head and the segment")
                                      .tag("processor", processor).tag("segment", String.valueOf(s))
                                      .register(meters));
                return lag;
            }).set(Math.max(0, head - position)));
            for (Integer segment : List.copyOf(lags.keySet())) {
                if (!held.containsKey(segment)) {
                    lags.remove(segment);
                    meters.remove(lagGauges.remove(segment));
                }
            }
        }

        void restarted() {
            restarts++;
            if (restartMeter != null) {
                restartMeter.increment();
            }
        }

        void clear(Instant waitingSince) {
            this.waitingSince = waitingSince;
            stall = null;
            restartsForThisStall = 0;
            gaveUp = false;
        }
    }

    @Override
    public synchronized void start() {
        task = scheduler.scheduleWithFixedDelay(this::checkQuietly, properties.interval());
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Watchdog round failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** The watchdog's own scheduler thread ends with the context. */
    @Override
    public void destroy() {
        scheduler.shutdown();
    }

    @Override
    public synchronized boolean isRunning() {
        return task != null;
    }

    /** After Axon's processors have started, and stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
