package io.emporium.projections;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the read models, under {@code emporium.projections}.
 *
 * @param batchSize                 events projected per transaction, for every projection unless overridden
 * @param segments                  segments a projection's processor is split into when it first starts
 * @param replayOnStartup           projections (by name) to rebuild from the first event once the
 *                                  application is ready, e.g. {@code order-views,payment-views}
 * @param replayProgressLogInterval how often the progress of a running replay is logged
 * @param processors                per-projection overrides of {@code batch-size} and {@code segments}, by name:
 *                                  {@code emporium.projections.processors.order-views.batch-size=500}
 */
@ConfigurationProperties("emporium.projections")
public record ProjectionsProperties(@DefaultValue("100") int batchSize,
                                    @DefaultValue("4") int segments,
                                    List<String> replayOnStartup,
                                    @DefaultValue("5s") Duration replayProgressLogInterval,
                                    Map<String, Processor> processors) {

    public ProjectionsProperties {
        replayOnStartup = replayOnStartup == null
                ? List.of()
                : replayOnStartup.stream().map(String::trim).filter(name -> !name.isEmpty()).toList();
        processors = processors == null ? Map.of() : Map.copyOf(processors);
        requireAtLeastOne("emporium.projections.batch-size", batchSize);
        requireAtLeastOne("emporium.projections.segments", segments);
        for (String name : replayOnStartup) {
            requireKnown("emporium.projections.replay-on-startup", name);
        }
        processors.forEach((name, settings) -> {
            requireKnown("emporium.projections.processors", name);
            if (settings.batchSize() != null) {
                requireAtLeastOne("emporium.projections.processors." + name + ".batch-size", settings.batchSize());
            }
            if (settings.segments() != null) {
                requireAtLeastOne("emporium.projections.processors." + name + ".segments", settings.segments());
            }
        });
        if (replayProgressLogInterval == null || replayProgressLogInterval.isNegative()
                || replayProgressLogInterval.isZero()) {
            throw new IllegalArgumentException(
                    "emporium.projections.replay-progress-log-interval must be positive, was " + replayProgressLogInterval);
        }
    }

    public int batchSize(String projection) {
        Processor settings = processors.get(projection);
        return settings == null || settings.batchSize() == null ? batchSize : settings.batchSize();
    }

    public int segments(String projection) {
        Processor settings = processors.get(projection);
        return settings == null || settings.segments() == null ? segments : settings.segments();
    }

    /** Overrides for one projection's processor; {@code null} keeps the general setting. */
    public record Processor(Integer batchSize, Integer segments) {
    }

    private static void requireAtLeastOne(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, was " + value);
        }
    }

    private static void requireKnown(String property, String name) {
        if (!ProjectionNames.ALL.contains(name)) {
            throw new IllegalArgumentException(property + " names an unknown projection '" + name + "'; known: "
                                                       + ProjectionNames.ALL);
        }
    }
}
