package io.emporium.projections.rebuild;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Bounds a rebuild's rate to a number of events per second, so that the live path keeps the CPU and database it needs
 * while a rebuild runs (decision 0049). A handler interceptor on the rebuild's processor counts the events of each
 * batch; once the batch's transaction has committed (its token with it) the processor's thread takes that many
 * tokens from a Bucket4j bucket refilled at the bound, waiting for them when the batch came too soon. The wait falls
 * between batches, outside any transaction, and a bucket holds at most one second's events, so a rebuild that was
 * slowed down (by the live load, say) does not make up for it in a burst.
 */
final class RebuildThrottle implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String BATCH_COUNT = RebuildThrottle.class.getName() + ".events";

    private final BlockingBucket bucket;
    private final BlockingStrategy waiting;

    RebuildThrottle(int eventsPerSecond) {
        this(eventsPerSecond, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING);
    }

    /** With the bucket's clock and its way of waiting given, for tests that wait on a clock of their own. */
    RebuildThrottle(int eventsPerSecond, TimeMeter clock, BlockingStrategy waiting) {
        if (eventsPerSecond < 1) {
            throw new IllegalArgumentException("a rebuild's bound must be at least 1 event per second, was "
                    + eventsPerSecond);
        }
        this.bucket = Bucket.builder()
                            .addLimit(Bandwidth.builder().capacity(eventsPerSecond)
                                               .refillGreedy(eventsPerSecond, Duration.ofSeconds(1)).build())
                            .withCustomTimePrecision(clock)
                            .build()
                            .asBlocking();
        this.waiting = waiting;
    }

    /**
     * The largest batch a processor under this bound should read: one second's events at most, so that the wait after
     * a batch never exceeds a second (and a stop request is answered within one).
     */
    static int batchSize(int configured, Integer eventsPerSecond) {
        return eventsPerSecond == null ? configured : Math.max(1, Math.min(configured, eventsPerSecond));
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        UnitOfWork<?> batch = unitOfWork.root();
        AtomicInteger events = batch.getOrComputeResource(BATCH_COUNT, key -> {
            AtomicInteger count = new AtomicInteger();
            batch.afterCommit(committed -> take(count.get()));
            return count;
        });
        events.incrementAndGet();
        return interceptorChain.proceed();
    }

    /** Takes {@code events} tokens, waiting until the bucket has them. */
    void take(int events) {
        try {
            bucket.consume(events, waiting);
        } catch (InterruptedException interrupted) {
            // The processor is being stopped: its next batch will not be read, nothing to wait for.
            Thread.currentThread().interrupt();
        }
    }
}
