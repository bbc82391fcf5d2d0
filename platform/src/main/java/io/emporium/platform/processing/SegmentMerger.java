package io.emporium.platform.processing;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;

/**
 * Brings streaming processors' stored segments down to a target count each ({@code emporium.processing.merge-to.<name>}),
 * with the processor's own
 * {@link StreamingEventProcessor#mergeSegment(int)}: one merge at a time, each of two segments this instance
 * processes, until the token store holds no more than the target. Nothing is deleted by hand: Axon's merge keeps a
 * merged token that goes on from the lower of the two positions, so no event is skipped (decision 0032). Runs on
 * Spring's task scheduler once the application is ready, and stops once the target is reached.
 *
 * <p>A pair whose halves are processed by two instances is skipped until one instance holds both (with one instance
 * of the processor running, it holds all of them).
 */
public class SegmentMerger {

    private static final Logger log = LoggerFactory.getLogger(SegmentMerger.class);

    private final Configuration axon;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final TaskScheduler scheduler;
    private final Map<String, Integer> targets;
    private final Duration interval;
    private final Map<String, ScheduledFuture<?>> schedules = new java.util.concurrent.ConcurrentHashMap<>();

    public SegmentMerger(Configuration axon, TokenStore tokenStore, TransactionManager transactionManager,
                         TaskScheduler scheduler, Map<String, Integer> targets, Duration interval) {
        this.axon = Objects.requireNonNull(axon, "axon");
        this.tokenStore = Objects.requireNonNull(tokenStore, "tokenStore");
        this.transactionManager = Objects.requireNonNull(transactionManager, "transactionManager");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.targets = Map.copyOf(targets);
        if (this.targets.values().stream().anyMatch(target -> target < 1) || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("emporium.processing.merge-to takes targets of at least one segment, "
                    + "and the interval must be positive: " + targets);
        }
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        targets.forEach((processorName, target) -> schedules.put(processorName,
                scheduler.scheduleWithFixedDelay(() -> mergeOnce(processorName, target), interval)));
    }

    /** The segments stored for {@code processorName} now. */
    public int storedSegments(String processorName) {
        return transactionManager.fetchInTransaction(() -> tokenStore.fetchSegments(processorName)).length;
    }

    /**
     * Merges one pair of segments this instance processes, if the processor has more than its target.
     *
     * @return whether the target is reached
     */
    boolean mergeOnce(String processorName, int targetSegments) {
        try {
            int[] segments = transactionManager.fetchInTransaction(() -> tokenStore.fetchSegments(processorName));
            if (segments.length <= targetSegments) {
                stop(processorName);
                return true;
            }
            StreamingEventProcessor processor = axon.eventProcessingConfiguration()
                    .eventProcessor(processorName, StreamingEventProcessor.class).orElse(null);
            if (processor == null || !processor.isRunning()) {
                return false;
            }
            Map<Integer, EventTrackerStatus> processed = processor.processingStatus();
            for (int segmentId : segments) {
                Segment segment = Segment.computeSegment(segmentId, segments);
                int partner = segment.mergeableSegmentId();
                // Only two halves of one segment merge: after 0 and 2 of four became 0 (mask 1), segment 0's
                // partner 1 is still a quarter (mask 3), and 1 pairs with 3 first.
                if (segmentId < partner && Segment.computeSegment(partner, segments).getMask() == segment.getMask()
                        && processed.containsKey(segmentId) && processed.containsKey(partner)) {
                    boolean merged = processor.mergeSegment(segmentId).get(30, TimeUnit.SECONDS);
                    log.info("Processor {}: segments {} and {} {}; {} segment(s) stored, target {}", processorName,
                            segmentId, partner, merged ? "merged" : "not merged this time",
                            segments.length - (merged ? 1 : 0), targetSegments);
                    return false;
                }
            }
            log.info("Processor {}: {} segments stored, target {}; no pair of them is processed here yet",
                    processorName, segments.length, targetSegments);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Processor {}: merging segments failed this time, trying again in {}: {}", processorName,
                    interval, e.toString());
        }
        return false;
    }

    private void stop(String processorName) {
        ScheduledFuture<?> running = schedules.remove(processorName);
        if (running != null) {
            running.cancel(false);
        }
    }
}
