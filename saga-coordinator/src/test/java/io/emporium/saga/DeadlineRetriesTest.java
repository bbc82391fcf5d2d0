package io.emporium.saga;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.Task;
import java.time.Duration;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.Test;

class DeadlineRetriesTest {

    @Test
    void aFailedDeadlineRunsAgainAfterADoublingWaitNeverAboveTheMaximum() {
        Duration initial = Duration.ofSeconds(2);
        Duration max = Duration.ofSeconds(60);

        assertThat(DeadlineRetries.delayAfter(1, initial, max)).isEqualTo(Duration.ofSeconds(2));
        assertThat(DeadlineRetries.delayAfter(2, initial, max)).isEqualTo(Duration.ofSeconds(4));
        assertThat(DeadlineRetries.delayAfter(5, initial, max)).isEqualTo(Duration.ofSeconds(32));
        assertThat(DeadlineRetries.delayAfter(6, initial, max)).isEqualTo(max);
        assertThat(DeadlineRetries.delayAfter(10_000, initial, max)).isEqualTo(max);
    }

    @Test
    void theRetriedTaskIsAxonsTaskUnderItsOwnNameWithTheBackoffAsItsFailureHandler() {
        Task<DbSchedulerBinaryDeadlineDetails> axons = DbSchedulerDeadlineManager.binaryTask(() -> null);

        Task<DbSchedulerBinaryDeadlineDetails> retried = DeadlineRetries.retried(axons, Duration.ofSeconds(2),
                                                                                 Duration.ofSeconds(60));

        assertThat(retried.getName()).isEqualTo(axons.getName());
        assertThat(retried.getDataClass()).isEqualTo(axons.getDataClass());
        assertThat(retried.getFailureHandler()).isInstanceOf(DeadlineRetries.Backoff.class);
        assertThat(axons.getFailureHandler()).isNotInstanceOf(DeadlineRetries.Backoff.class);
    }
}
