package io.emporium.projections.rebuild;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;

/**
 * A projection's handlers in a rebuild: Axon's dead-lettering invoker, with two answers it would otherwise work out
 * again for every event (decision 0049). Axon's {@code MultiEventHandlerInvoker.canHandle} (4.12.2) asks each
 * invoker's {@code supportsReset()} before anything else, for every event and twice per event (once to filter the
 * batch, once to handle), and {@code SimpleEventHandlerInvoker} answers by streaming over every annotated handler of
 * the projection; here the answer is taken once, as the handlers never change. And a rebuild's processor has one
 * segment, the root, which matches every sequence, so the sequence identifier is not computed merely to find that it
 * matches (the dead-letter queue still computes it where it needs one).
 */
final class RebuildHandlerInvoker extends DeadLetteringEventHandlerInvoker {

    private final boolean supportsReset;

    RebuildHandlerInvoker(Builder builder) {
        super(builder);
        this.supportsReset = super.supportsReset();
    }

    @Override
    public boolean supportsReset() {
        return supportsReset;
    }

    @Override
    protected boolean sequencingPolicyMatchesSegment(EventMessage<?> message, Segment segment) {
        return segment.getMask() == Segment.ROOT_SEGMENT.getMask() || super.sequencingPolicyMatchesSegment(message, segment);
    }
}
