package io.emporium.saga;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Parking of saga events that keep failing, under {@code emporium.saga.parking} (decision 0044).
 *
 * @param maxAttempts how many times the saga's processor tries an event whose handling fails for a reason that is
 *                    not transient before it parks the event; the processor backs off between tries (1 s, doubling),
 *                    and the events behind it in the same segment wait that long
 */
@ConfigurationProperties("emporium.saga.parking")
public record ParkingProperties(@DefaultValue("3") int maxAttempts) {
}
