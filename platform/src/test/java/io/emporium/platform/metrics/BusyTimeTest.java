package io.emporium.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BusyTimeTest {

    private final AtomicLong now = new AtomicLong(Duration.ofHours(3).toNanos() + 7);
    private final BusyTime busy = new BusyTime(now::get);

    @Test
    void theShareIsTheBusyTimeOfTheLastTenMinutesOverTenMinutes() {
        busy.add(Duration.ofSeconds(30).toNanos());
        advance(Duration.ofMinutes(4));
        busy.add(Duration.ofSeconds(30).toNanos());

        assertThat(busy.share()).isEqualTo(60.0 / 600);
    }

    @Test
    void timeOlderThanTheWindowNoLongerCounts() {
        busy.add(Duration.ofSeconds(30).toNanos());
        advance(Duration.ofMinutes(6));
        busy.add(Duration.ofSeconds(12).toNanos());
        advance(Duration.ofMinutes(5));

        assertThat(busy.share()).isEqualTo(12.0 / 600);
    }

    @Test
    void aSlotUsedAgainAfterAWholeWindowStartsFromNothing() {
        busy.add(Duration.ofSeconds(30).toNanos());
        advance(BusyTime.WINDOW);
        busy.add(Duration.ofSeconds(6).toNanos());

        assertThat(busy.share()).isEqualTo(6.0 / 600);
    }

    @Test
    void nothingHandledIsNoShare() {
        advance(Duration.ofMinutes(30));
        assertThat(busy.share()).isZero();
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
