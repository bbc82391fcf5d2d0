package io.emporium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventStoragePropertiesTest {

    @Test
    void aFetchOfNoEventsIsRefusedForProcessorsAndForRebuilds() {
        assertThat(new EventStorageProperties(100, 1000, Duration.ofSeconds(60)).bulkFetchSize()).isEqualTo(1000);
        assertThatThrownBy(() -> new EventStorageProperties(0, 1000, Duration.ofSeconds(60)))
                .hasMessageContaining("emporium.events.fetch-size must be at least 1");
        assertThatThrownBy(() -> new EventStorageProperties(100, 0, Duration.ofSeconds(60)))
                .hasMessageContaining("emporium.events.bulk-fetch-size must be at least 1");
        assertThatThrownBy(() -> new EventStorageProperties(100, 1000, Duration.ZERO))
                .hasMessageContaining("emporium.events.gap-timeout must be positive");
    }
}
