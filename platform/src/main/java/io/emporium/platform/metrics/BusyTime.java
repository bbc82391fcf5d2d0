package io.emporium.platform.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Time spent handling messages over the last ten minutes, as a share of those ten minutes: what Axon's
 * {@code CapacityMonitor} reports, kept in sixty buckets of ten seconds instead of one entry per message (Axon's
 * {@code SlidingTimeWindowReservoir} holds every measurement of the window in a skip list).
 */
final class BusyTime {

    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int BUCKETS = 60;
    private static final long BUCKET_NANOS = WINDOW.toNanos() / BUCKETS;

    private final LongSupplier monotonicNanos;
    private final AtomicLongArray busy = new AtomicLongArray(BUCKETS);
    /** The bucket number (time / bucket length) that each slot holds now. */
    private final AtomicLongArray slotOf = new AtomicLongArray(BUCKETS);

    BusyTime(LongSupplier monotonicNanos) {
        this.monotonicNanos = monotonicNanos;
        // No slot holds a bucket yet: the first time added to a slot claims it.
        for (int slot = 0; slot < BUCKETS; slot++) {
            slotOf.set(slot, Long.MIN_VALUE);
        }
    }

    void add(long nanos) {
        long bucket = monotonicNanos.getAsLong() / BUCKET_NANOS;
        int slot = slot(bucket);
        long holds = slotOf.get(slot);
        if (holds != bucket) {
            // The slot still holds a bucket of the last window: the first to see it claims and empties it.
            if (holds < bucket && slotOf.compareAndSet(slot, holds, bucket)) {
                busy.set(slot, 0);
            }
        }
        busy.addAndGet(slot, nanos);
    }

    /** Busy time within the window over the window's length; 1.0 is one thread busy all the time. */
    double share() {
        long current = monotonicNanos.getAsLong() / BUCKET_NANOS;
        long total = 0;
        for (int slot = 0; slot < BUCKETS; slot++) {
            long bucket = slotOf.get(slot);
            if (bucket > current - BUCKETS && bucket <= current) {
                total += busy.get(slot);
            }
        }
        return (double) total / WINDOW.toNanos();
    }

    private static int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) BUCKETS);
    }
}
