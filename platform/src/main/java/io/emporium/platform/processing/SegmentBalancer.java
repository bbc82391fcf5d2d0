package io.emporium.platform.processing;

import io.emporium.platform.persistence.TokenOwner;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spreads every streaming processor's segments evenly over the application instances that run it. A pooled
 * processor claims every segment nobody holds, so the instance that starts first takes them all and a later one
 * would wait idle until the first stops. Every {@code interval} each instance writes a heartbeat per running
 * processor into {@code processor_instance}, counts the instances whose heartbeat is fresh, and releases the
 * segments it holds above its fair share, {@code ceil(segments / instances)}, for long enough that another
 * instance claims them. Shares add up to at least the segment count, so no segment is left without a holder, and
 * an instance that stops stops its heartbeat: the others' shares grow and they claim what it let go of.
 */
public final class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final Configuration axon;
    private final JdbcTemplate jdbc;
    private final String owner;
    private final Duration interval;
    private final Duration liveness;
    private final Duration releaseFor;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> task;

    /**
     * @param interval   how often heartbeats are written and shares checked
     * @param releaseFor how long a released segment is left for the others to claim (longer than their claim interval)
     */
    public SegmentBalancer(Configuration axon, JdbcTemplate jdbc, TokenOwner owner, Duration interval,
                           Duration releaseFor) {
        this.axon = axon;
        this.jdbc = jdbc;
        this.owner = owner.name();
        this.interval = interval;
        this.liveness = interval.multipliedBy(3);
        this.releaseFor = releaseFor;
    }

    /** One round: heartbeats, then the releases this instance owes. Public for tests that drive it step by step. */
    public void balance() {
        EventProcessingConfiguration processing = axon.eventProcessingConfiguration();
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor processor) {
                try {
                    balance(entry.getKey(), processor);
                } catch (RuntimeException e) {
                    log.warn("Segment balancing of processor {} skipped this round: {}", entry.getKey(), e.toString());
                }
            }
        }
        jdbc.update("DELETE FROM processor_instance WHERE heartbeat < now() - make_interval(secs => ?)",
                    (double) Duration.ofHours(1).toSeconds());
    }

    private void balance(String name, StreamingEventProcessor processor) {
        if (!processor.isRunning() || processor.isError()) {
            jdbc.update("DELETE FROM processor_instance WHERE processor_name = ? AND owner = ?", name, owner);
            return;
        }
        Map<Integer, EventTrackerStatus> held = processor.processingStatus();
        jdbc.update("""
                INSERT INTO processor_instance (processor_name, owner, segments_held, heartbeat) VALUES (?, ?, ?, now())
                ON CONFLICT (processor_name, owner) DO UPDATE SET segments_held = EXCLUDED.segments_held, heartbeat = now()
                """, name, owner, held.size());
        Integer instances = jdbc.queryForObject("""
                SELECT count(*) FROM processor_instance
                WHERE processor_name = ? AND heartbeat > now() - make_interval(secs => ?)
                """, Integer.class, name, liveness.toMillis() / 1000.0);
        Integer segments = jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?",
                                               Integer.class, name);
        if (instances == null || instances < 2 || segments == null || segments == 0) {
            return;
        }
        int share = (segments + instances - 1) / instances;
        int excess = held.size() - share;
        if (excess <= 0) {
            return;
        }
        List<Integer> released = held.keySet().stream().sorted(Comparator.reverseOrder()).limit(excess).toList();
        log.info("Processor {}: {} instances share {} segments, {} at most each; releasing segment(s) {} held here",
                 name, instances, segments, share, released);
        released.forEach(segment -> processor.releaseSegment(segment, releaseFor.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segment-balancer");
            thread.setDaemon(true);
            return thread;
        });
        task = scheduler.scheduleWithFixedDelay(this::balanceQuietly, interval.toMillis(), interval.toMillis(),
                                                TimeUnit.MILLISECONDS);
    }

    private void balanceQuietly() {
        try {
            balance();
        } catch (RuntimeException e) {
            log.warn("Segment balancing round failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            scheduler.shutdownNow();
            task = null;
        }
        try {
            jdbc.update("DELETE FROM processor_instance WHERE owner = ?", owner);
        } catch (RuntimeException e) {
            log.debug("Heartbeats of {} left to expire: {}", owner, e.toString());
        }
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
