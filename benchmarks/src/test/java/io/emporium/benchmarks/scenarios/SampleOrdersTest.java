package io.emporium.benchmarks.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.Identifiers;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleOrdersTest {

    @Test
    void everySaltGivesOrderIdsThePlatformAcceptsForANewOrder() {
        long[] salts = {0L, -1L, 0x3000L, 0x0123_4567_89ab_3defL, Long.MIN_VALUE, Long.MAX_VALUE};
        for (long salt : salts) {
            for (long index : new long[] {0, 1, 999, Long.MAX_VALUE}) {
                String id = SampleOrders.orderId(salt, index);
                assertThat(Identifiers.isNewOrderId(id)).as("order id %s of salt %x", id, salt).isTrue();
            }
        }
    }

    @Test
    void theIdsOfOneLoadAreDistinct() {
        Set<String> ids = new HashSet<>();
        for (long index = 0; index < 10_000; index++) {
            ids.add(SampleOrders.orderId(0x0123_4567_89ab_3defL, index));
        }
        assertThat(ids).hasSize(10_000);
    }
}
