package io.emporium.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.junit.jupiter.api.Test;

class RebuildHandlerInvokerTest {

    private final AtomicInteger sequencings = new AtomicInteger();
    private final SequencingPolicy<EventMessage<?>> countingPolicy = event -> {
        sequencings.incrementAndGet();
        return event.getIdentifier();
    };

    @Test
    void onTheRootSegmentAnEventIsTakenWithoutWorkingOutItsSequence() {
        RebuildHandlerInvoker invoker = invoker(new Projection());
        EventMessage<?> event = GenericEventMessage.asEventMessage("placed");

        assertThat(invoker.canHandle(event, Segment.ROOT_SEGMENT)).isTrue();
        assertThat(sequencings).hasValue(0);

        Segment[] halves = Segment.ROOT_SEGMENT.split();
        assertThat(invoker.canHandle(event, halves[0]) ^ invoker.canHandle(event, halves[1])).isTrue();
        assertThat(sequencings).hasValue(2);
    }

    @Test
    void whetherItSupportsAResetIsAxonsOwnAnswer() {
        assertThat(invoker(new Projection()).supportsReset()).isTrue();
        assertThat(invoker(new ProjectionWithoutReplay()).supportsReset()).isFalse();
        assertThat(invoker(new ProjectionWithoutReplay()).supportsReset())
                .isEqualTo(builder(new ProjectionWithoutReplay()).build().supportsReset());
    }

    private RebuildHandlerInvoker invoker(Object projection) {
        return new RebuildHandlerInvoker(builder(projection));
    }

    private DeadLetteringEventHandlerInvoker.Builder builder(Object projection) {
        return DeadLetteringEventHandlerInvoker.builder()
                                               .eventHandlers(projection)
                                               .sequencingPolicy(countingPolicy)
                                               .queue(InMemorySequencedDeadLetterQueue.defaultQueue())
                                               .transactionManager(NoTransactionManager.instance());
    }

    static class Projection {
        @EventHandler
        void on(String event) {
        }
    }

    @DisallowReplay
    static class ProjectionWithoutReplay {
        @EventHandler
        void on(String event) {
        }
    }
}
