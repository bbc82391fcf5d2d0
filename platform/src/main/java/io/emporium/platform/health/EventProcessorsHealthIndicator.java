package io.emporium.platform.health;

import io.emporium.platform.processing.ProcessorWatchdog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code eventProcessors}: UP while every event processor of this instance runs and no streaming processor is in
 * error (Axon retries a failing processor with backoff; until it recovers, this instance's read models, saga or
 * payment answers are not moving), and none is stalled: the {@link ProcessorWatchdog} found events waiting for it and
 * no progress (decision 0048). Details per processor: running, in error, segments held here, and {@code stalled} with
 * its reason while it is stalled. Part of the readiness group; holding no segment is fine (another instance holds
 * them).
 */
public final class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final Configuration axon;
    private final ObjectProvider<ProcessorWatchdog> watchdog;

    public EventProcessorsHealthIndicator(Configuration axon, ObjectProvider<ProcessorWatchdog> watchdog) {
        super("Event processors health check failed");
        this.axon = axon;
        this.watchdog = watchdog;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean up = true;
        ProcessorWatchdog watching = watchdog.getIfAvailable();
        Map<String, String> stalls = watching == null ? Map.of() : watching.stalls();
        Map<String, Object> processors = new TreeMap<>();
        for (Map.Entry<String, EventProcessor> entry : axon.eventProcessingConfiguration().eventProcessors().entrySet()) {
            EventProcessor processor = entry.getValue();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", processor.isRunning());
            boolean error = false;
            if (processor instanceof StreamingEventProcessor streaming) {
                error = streaming.isError();
                details.put("error", error);
                details.put("segmentsHeld", streaming.processingStatus().size());
            }
            String stall = stalls.get(entry.getKey());
            if (stall != null) {
                details.put("stalled", stall);
            }
            up &= processor.isRunning() && !error && stall == null;
            processors.put(entry.getKey(), details);
        }
        (up ? health.up() : health.down()).withDetail("processors", processors);
    }
}
