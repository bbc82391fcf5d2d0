package io.emporium.saga;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How soon a saga deadline whose handler failed runs again. Axon's {@code DbSchedulerDeadlineManager} builds its
 * db-scheduler task with db-scheduler's default for one-time tasks, which retries a failed execution after 5 minutes:
 * an order whose payment deadline could not reject it (the order service down for a moment) would then stay
 * {@code PENDING} for 5 minutes. {@link #retried} wraps Axon's task (same name, same data, same execution) with
 * exponential backoff instead: {@code emporium.saga.deadline-retry.initial-interval}, doubling up to
 * {@code max-interval}, for as long as it fails; a deadline is never dropped (decision 0006).
 */
public final class DeadlineRetries {

    private static final Logger log = LoggerFactory.getLogger(DeadlineRetries.class);

    private DeadlineRetries() {
    }

    /** Axon's deadline task, run as it is, but retried after {@link #delayAfter} when it fails. */
    public static <T> Task<T> retried(Task<T> axonTask, Duration initialInterval, Duration maxInterval) {
        return new RetriedTask<>(axonTask, new Backoff<>(initialInterval, maxInterval));
    }

    /** The wait after the {@code failures}-th consecutive failure (1 for the first): doubling, never above max. */
    static Duration delayAfter(int failures, Duration initialInterval, Duration maxInterval) {
        Duration delay = initialInterval;
        for (int i = 1; i < failures && delay.compareTo(maxInterval) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxInterval) > 0 ? maxInterval : delay;
    }

    /** Reschedules a failed deadline after {@link #delayAfter} its consecutive failures. */
    public static final class Backoff<T> implements FailureHandler<T> {

        private final Duration initialInterval;
        private final Duration maxInterval;

        Backoff(Duration initialInterval, Duration maxInterval) {
            this.initialInterval = Objects.requireNonNull(initialInterval, "initialInterval");
            this.maxInterval = Objects.requireNonNull(maxInterval, "maxInterval");
        }

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
            // consecutiveFailures counts the failures before this one
            int failures = complete.getExecution().consecutiveFailures + 1;
            Duration delay = delayAfter(failures, initialInterval, maxInterval);
            log.warn("Deadline {} failed ({} time(s) in a row); running it again in {}",
                     complete.getExecution().taskInstance.getId(), failures, delay);
            operations.reschedule(complete, complete.getTimeDone().plus(delay));
        }
    }

    private static final class RetriedTask<T> extends OneTimeTask<T> {

        private final Task<T> axonTask;

        RetriedTask(Task<T> axonTask, FailureHandler<T> onFailure) {
            super(axonTask.getName(), axonTask.getDataClass(), onFailure, axonTask.getDeadExecutionHandler());
            this.axonTask = axonTask;
        }

        @Override
        public void executeOnce(TaskInstance<T> instance, ExecutionContext context) {
            axonTask.execute(instance, context);
        }
    }
}
