package io.emporium.projections;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

/**
 * {@code emporium.projections.dead.letters{processingGroup}}: the events a projection's processor parked in its
 * dead-letter queue (table {@code dead_letter_entry}), read from the queue each time the gauge is read; NaN while
 * the queue cannot be read (the database away, Axon not started). One gauge per projection; operators list, retry
 * and evict the letters over {@code /api/admin/projections}.
 */
final class DeadLetterMeters implements MeterBinder {

    static final String DEAD_LETTERS = "emporium.projections.dead.letters";

    private final Supplier<Configuration> axon;
    private final List<String> processingGroups;

    DeadLetterMeters(Supplier<Configuration> axon, List<String> processingGroups) {
        this.axon = axon;
        this.processingGroups = List.copyOf(processingGroups);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String group : processingGroups) {
            Gauge.builder(DEAD_LETTERS, () -> count(group))
                 .description("Events parked in the projection's dead-letter queue, waiting for an operator")
                 .tag("processingGroup", group)
                 .register(registry);
        }
    }

    private double count(String group) {
        try {
            return axon.get().eventProcessingConfiguration().deadLetterQueue(group)
                       .map(SequencedDeadLetterQueue::size)
                       .map(Long::doubleValue)
                       .orElse(Double.NaN);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
