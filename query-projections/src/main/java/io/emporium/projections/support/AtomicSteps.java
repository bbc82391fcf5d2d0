package io.emporium.projections.support;

import java.util.function.Supplier;

/**
 * Runs one projection step so that it either happens completely or leaves no trace, without ending the
 * transaction it runs in. An event processor projects a whole batch of events in one transaction; when one
 * event fails, its partial writes must go while the batch (and the dead letter recording the failure)
 * commits.
 */
@FunctionalInterface
public interface AtomicSteps {

    <T> T atomically(Supplier<T> step);

    /** For stores that cannot fail half-way (in memory, in tests). */
    AtomicSteps DIRECT = new AtomicSteps() {
        @Override
        public <T> T atomically(Supplier<T> step) {
            return step.get();
        }
    };
}
