package io.emporium.saga;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.TaskWithDataDescriptor;
import org.junit.jupiter.api.Test;

/**
 * Axon 4.12's DbSchedulerDeadlineManager was compiled against db-scheduler 13 and calls methods that later
 * db-scheduler versions removed. A missing method shows only when the first deadline is scheduled, as a
 * NoSuchMethodError that silently kills the event processor's batch; this test makes an upgrade fail here instead.
 */
class DbSchedulerCompatibilityTest {

    @Test
    void theDbSchedulerOnTheClasspathStillHasWhatAxonsDeadlineManagerCalls() throws Exception {
        assertThat(TaskWithDataDescriptor.class.getMethod("instance", String.class, Object.class).getReturnType())
                .isEqualTo(TaskInstance.class);
        assertThat(ScheduledExecution.class.getMethod("getTaskInstance").getReturnType())
                .isEqualTo(TaskInstanceId.class);
        assertThat(com.github.kagkarlsson.scheduler.Scheduler.class
                .getMethod("schedule", TaskInstance.class, java.time.Instant.class).getReturnType())
                .isEqualTo(void.class);
    }
}
