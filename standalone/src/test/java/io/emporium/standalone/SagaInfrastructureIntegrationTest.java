package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.Task;
import io.emporium.saga.DeadlineRetries;
import io.emporium.saga.OrderFulfilmentSaga;
import java.util.List;
import io.emporium.saga.SagaModule.SagaInfrastructureReport;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.modelling.saga.repository.SagaStore;
import io.emporium.platform.persistence.RollbackSafeSagaCache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Where the saga keeps its state and deadlines, and how its processor runs, in the standalone assembly. */
@IntegrationTest
class SagaInfrastructureIntegrationTest {

    @Autowired
    DeadlineManager deadlineManager;
    @Autowired
    SagaStore<?> sagaStore;
    @Autowired
    SagaInfrastructureReport report;
    @Autowired
    EventProcessingConfiguration eventProcessing;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    List<Task<?>> schedulerTasks;

    @Test
    void deadlinesAreKeptInPostgreSqlByTheDbSchedulerDeadlineManagerAndTheStartupReportSaysSo() {
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
        assertThat(report.deadlineManager()).isEqualTo("DbSchedulerDeadlineManager");
        Integer applied = jdbc.queryForObject(
                "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '10'", Integer.class);
        assertThat(applied).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns"
                + " WHERE table_name = 'scheduled_tasks' AND column_name = 'task_data'", String.class))
                .isEqualTo("bytea");
    }

    @Test
    void aFailedDeadlineIsRetriedWithBackoffNotAfterDbSchedulersDefaultFiveMinutes() {
        // db-scheduler runs every Task bean; the deadline task is Axon's, wrapped by DeadlineRetries.
        assertThat(schedulerTasks)
                .filteredOn(task -> task.getName().equals(DbSchedulerDeadlineManager.binaryTask(() -> null).getName()))
                .singleElement()
                .satisfies(task -> assertThat(task.getFailureHandler()).isInstanceOf(DeadlineRetries.Backoff.class));
    }

    @Test
    void sagaStateIsKeptByTheJdbcSagaStoreBehindACacheThatForgetsRolledBackWork() {
        // Standalone mode: one saga segment, so Axon's caching saga store is safe (decision 0034).
        assertThat(sagaStore).isInstanceOf(RollbackSafeSagaCache.class);
        assertThat(report.sagaStore()).isEqualTo("RollbackSafeSagaCache");
    }

    @Test
    void theSagaRunsOnItsOwnPooledStreamingProcessor() {
        assertThat(eventProcessing.sagaProcessingGroup(OrderFulfilmentSaga.class))
                .isEqualTo(OrderFulfilmentSaga.PROCESSING_GROUP);
        assertThat(eventProcessing.eventProcessor(OrderFulfilmentSaga.PROCESSING_GROUP))
                .get().isInstanceOf(PooledStreamingEventProcessor.class);
    }
}
