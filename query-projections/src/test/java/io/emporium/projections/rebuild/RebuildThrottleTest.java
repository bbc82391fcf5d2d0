package io.emporium.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

class RebuildThrottleTest {

    /** The bucket's clock, moved on only by the waits the throttle asks for. */
    private long nanos;
    private final List<Duration> waits = new ArrayList<>();
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };
    private final BlockingStrategy waiting = parked -> {
        waits.add(Duration.ofNanos(parked));
        nanos += parked;
    };

    @Test
    void aBatchWithinTheSecondsAllowanceGoesOnAtOnceAndTheNextWaitsForWhatItOverdraws() throws Exception {
        RebuildThrottle throttle = new RebuildThrottle(1000, clock, waiting);

        projectBatch(throttle, 600);
        assertThat(waits).isEmpty();

        projectBatch(throttle, 600);
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(199), Duration.ofMillis(201));
    }

    @Test
    void aSteadyStreamOfBatchesRunsAtTheBound() throws Exception {
        RebuildThrottle throttle = new RebuildThrottle(500, clock, waiting);

        for (int batch = 0; batch < 20; batch++) {
            projectBatch(throttle, 250);
        }

        // 5,000 events at 500/s: the first second's 500 from the full bucket, the other 4,500 at the bound.
        assertThat(Duration.ofNanos(nanos)).isBetween(Duration.ofMillis(8990), Duration.ofMillis(9010));
    }

    @Test
    void aBatchThatFailedWaitsForNothing() throws Exception {
        RebuildThrottle throttle = new RebuildThrottle(10, clock, waiting);
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events(50));

        // Rolled back (as the processor's batch is when a handler throws): no commit, so nothing taken.
        assertThat(batch.executeWithResult(() -> throttle.handle(batch, () -> {
            throw new IllegalStateException("poisoned");
        })).isExceptional()).isTrue();

        projectBatch(throttle, 10);
        assertThat(waits).isEmpty();
    }

    @Test
    void aBoundedProcessorReadsAtMostOneSecondsEventsPerBatch() {
        assertThat(RebuildThrottle.batchSize(1000, null)).isEqualTo(1000);
        assertThat(RebuildThrottle.batchSize(1000, 5000)).isEqualTo(1000);
        assertThat(RebuildThrottle.batchSize(1000, 200)).isEqualTo(200);
        assertThatThrownBy(() -> new RebuildThrottle(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private void projectBatch(RebuildThrottle throttle, int size) throws Exception {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events(size));
        batch.executeWithResult(() -> throttle.handle(batch, () -> null));
    }

    private static List<EventMessage<?>> events(int count) {
        return IntStream.range(0, count).<EventMessage<?>>mapToObj(GenericEventMessage::new).toList();
    }
}
