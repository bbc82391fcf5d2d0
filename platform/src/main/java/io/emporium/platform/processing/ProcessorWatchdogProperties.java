package io.emporium.platform.processing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@link ProcessorWatchdog}, under {@code emporium.processing.watchdog}.
 *
 * @param enabled         whether the watchdog runs at all
 * @param interval        how often it looks: one head-of-stream query per look, whatever the number of processors
 * @param stallAfter      how long a processor may make no progress while events wait for it before it counts as
 *                        stalled (well above the time one batch takes, so a busy processor is never taken for a
 *                        stalled one)
 * @param maxRestarts     restarts tried for one stall; once they are used up without progress, the processor stays
 *                        reported as stalled (readiness DOWN) until it moves again or the instance is restarted
 * @param shutdownTimeout how long a restart waits for the processor to shut down before it gives up
 * @param probeEvents     how many events after a quiet processor's position are read, once per {@code stallAfter},
 *                        to find one it would handle (a processor never sees the event types it does not handle,
 *                        so a position behind the head alone proves nothing)
 */
@ConfigurationProperties("emporium.processing.watchdog")
public record ProcessorWatchdogProperties(@DefaultValue("true") boolean enabled,
                                          @DefaultValue("5s") Duration interval,
                                          @DefaultValue("60s") Duration stallAfter,
                                          @DefaultValue("3") int maxRestarts,
                                          @DefaultValue("30s") Duration shutdownTimeout,
                                          @DefaultValue("1000") int probeEvents) {

    public ProcessorWatchdogProperties {
        requirePositive("interval", interval);
        requirePositive("stall-after", stallAfter);
        requirePositive("shutdown-timeout", shutdownTimeout);
        if (maxRestarts < 0 || probeEvents < 1) {
            throw new IllegalArgumentException("emporium.processing.watchdog.max-restarts must be at least 0 and "
                    + "probe-events at least 1, were " + maxRestarts + " and " + probeEvents);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("emporium.processing.watchdog." + name + " must be positive, was "
                    + value);
        }
    }
}
