package io.emporium.platform.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code eventProcessors}: UP while every event processor of this instance runs and no streaming processor is in
 * error (Axon retries a failing processor with backoff; until it recovers, this instance's read models, saga or
 * payment answers are not moving). Details per processor: running, in error, segments held here. Part of the
 * readiness group; holding no segment is fine (another instance holds them).
 */
public final class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final Configuration axon;

    public EventProcessorsHealthIndicator(Configuration axon) {
        super("Event processors health check failed");
        this.axon = axon;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean up = true;
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
            up &= processor.isRunning() && !error;
            processors.put(entry.getKey(), details);
        }
        (up ? health.up() : health.down()).withDetail("processors", processors);
    }
}
