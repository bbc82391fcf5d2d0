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
 * @param rebuild                   how a rebuild beside the live read models runs ({@link Rebuild})
 */
@ConfigurationProperties("emporium.projections")
public record ProjectionsProperties(@DefaultValue("100") int batchSize,
                                    @DefaultValue("4") int segments,
                                    List<String> replayOnStartup,
                                    @DefaultValue("5s") Duration replayProgressLogInterval,
                                    Map<String, Processor> processors,
                                    @DefaultValue Rebuild rebuild) {

    /** Events per second a rebuild projects by default; see {@link Rebuild#maxEventsPerSecond()}. */
    public static final int DEFAULT_REBUILD_RATE = 5000;

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
        requirePositive("emporium.projections.replay-progress-log-interval", replayProgressLogInterval);
        rebuild = rebuild == null ? new Rebuild(1000, 50000, Duration.ofSeconds(1), Duration.ofSeconds(15),
                                                Duration.ofSeconds(2), DEFAULT_REBUILD_RATE) : rebuild;
    }

    public int batchSize(String projection) {
        Processor settings = processors.get(projection);
        return settings == null || settings.batchSize() == null ? batchSize : settings.batchSize();
    }

    public int segments(String projection) {
        Processor settings = processors.get(projection);
        return settings == null || settings.segments() == null ? segments : settings.segments();
    }

    /**
     * Settings of rebuilds ({@code emporium.projections.rebuild.*}).
     *
     * @param batchSize        events projected and written per transaction of the rebuild's processor
     * @param cachedRows       rows per table a rebuild keeps in memory between batches, so that an order's later
     *                         events find its row without reading it back; changed rows are kept until written
     * @param reportInterval   how often a running rebuild records its progress (and checks whether it has caught up
     *                         or was cancelled)
     * @param takeoverAfter    how long a rebuild's progress may go unrecorded before another node (or this one after
     *                         a restart) takes it over and resumes it from its token
     * @param switchLockTimeout how long the switch waits for the live tables (queries running on them) before it gives
     *                          up and tries again at the next report; queries wait behind it for at most this long
     * @param maxEventsPerSecond the most events per second a rebuild projects unless its request says otherwise; 0 for
     *                           no bound. The bound leaves the live path the CPU and database it needs while a rebuild
     *                           runs (decision 0049)
     */
    public record Rebuild(@DefaultValue("1000") int batchSize,
                          @DefaultValue("50000") int cachedRows,
                          @DefaultValue("1s") Duration reportInterval,
                          @DefaultValue("15s") Duration takeoverAfter,
                          @DefaultValue("2s") Duration switchLockTimeout,
                          @DefaultValue("" + DEFAULT_REBUILD_RATE) int maxEventsPerSecond) {

        public Rebuild {
            requireAtLeastOne("emporium.projections.rebuild.batch-size", batchSize);
            requireAtLeastOne("emporium.projections.rebuild.cached-rows", cachedRows);
            requirePositive("emporium.projections.rebuild.report-interval", reportInterval);
            requirePositive("emporium.projections.rebuild.takeover-after", takeoverAfter);
            requirePositive("emporium.projections.rebuild.switch-lock-timeout", switchLockTimeout);
            if (maxEventsPerSecond < 0) {
                throw new IllegalArgumentException("emporium.projections.rebuild.max-events-per-second must be 0 (no "
                        + "bound) or more, was " + maxEventsPerSecond);
            }
            if (takeoverAfter.compareTo(reportInterval.multipliedBy(3)) < 0) {
                throw new IllegalArgumentException("emporium.projections.rebuild.takeover-after (" + takeoverAfter
                        + ") must be at least three report intervals (" + reportInterval + ")");
            }
        }
    }

    /** Overrides for one projection's processor; {@code null} keeps the general setting. */
    public record Processor(Integer batchSize, Integer segments) {
    }

    private static void requireAtLeastOne(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, was " + value);
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
    }

    private static void requireKnown(String property, String name) {
        if (!ProjectionNames.ALL.contains(name)) {
            throw new IllegalArgumentException(property + " names an unknown projection '" + name + "'; known: "
                                                       + ProjectionNames.ALL);
        }
    }
}
