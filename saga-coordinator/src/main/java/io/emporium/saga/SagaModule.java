package io.emporium.saga;

import com.github.kagkarlsson.scheduler.task.Task;
import io.emporium.saga.parking.ParkedSagaEventStore;
import io.emporium.saga.parking.ParkingErrorHandler;
import io.emporium.saga.parking.SagaParkingHandlers;
import io.emporium.saga.parking.SagaParkingHealthIndicator;
import io.emporium.saga.parking.SagaParkingOperations;
import io.emporium.saga.parking.SkipParkedEvents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The saga coordinator as one Spring configuration, imported by the standalone assembly (and later by the saga
 * service); nothing here is component-scanned.
 *
 * <p>It contributes:
 * <ul>
 *     <li>the {@link OrderFulfilmentSaga} (Axon's Spring support registers an imported {@code @Saga} class like a
 *     scanned one), stored by the saga store the platform configures (Axon's JDBC saga store on PostgreSQL,
 *     Jackson-serialized, decision 0033);</li>
 *     <li>its pooled streaming processor {@value OrderFulfilmentSaga#PROCESSING_GROUP}, which starts at the head of
 *     the event stream the first time it runs, sized by {@code emporium.saga.processor}, and whose handler failures
 *     propagate, so that an event the saga could not handle is not marked as handled but handed to it again; an event
 *     that keeps failing for a reason that is not transient is parked after {@code emporium.saga.parking.max-attempts}
 *     tries and skipped, so the events behind it go on (decision 0044, package {@code io.emporium.saga.parking});</li>
 *     <li>{@link CommandDelivery}, the retrying command sender injected into the saga, on its own executor
 *     ({@code emporium.saga.commands}): the saga never waits for a command (decision 0032);</li>
 *     <li>a startup line saying which deadline manager and saga store are in use. Deadlines must survive a restart:
 *     with the db-scheduler starter on the classpath, Axon configures its {@code DbSchedulerDeadlineManager} on the
 *     {@code scheduled_tasks} table (migration {@code V10__saga_deadlines.sql}); a deadline whose handler fails runs
 *     again after a backoff ({@link DeadlineRetries}).</li>
 * </ul>
 *
 * <p>Settings: {@link SagaProperties} under {@code emporium.saga}.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Import(OrderFulfilmentSaga.class)
@EnableConfigurationProperties({SagaProperties.class, ParkingProperties.class})
public class SagaModule {

    /**
     * The threads the saga's commands are dispatched and, in standalone mode, decided on (Spring's executor, shut
     * down with the context after the commands it holds have run, for at most 10 s).
     */
    @Bean
    ThreadPoolTaskExecutor sagaCommandExecutor(SagaProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("saga-command-");
        executor.setCorePoolSize(properties.commands().threads());
        executor.setMaxPoolSize(properties.commands().threads());
        executor.setQueueCapacity(properties.commands().queueCapacity());
        executor.setDaemon(true);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(10);
        return executor;
    }

    @Bean
    CommandDelivery sagaCommandDelivery(CommandGateway commandGateway, SagaProperties properties,
                                        ThreadPoolTaskExecutor sagaCommandExecutor) {
        return new CommandDelivery(commandGateway, properties.retry(), sagaCommandExecutor);
    }

    /** The saga processor's worker threads, shut down with the application context. */
    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService orderFulfilmentWorkers(SagaProperties properties) {
        return Executors.newScheduledThreadPool(properties.processor().threads(),
                new AxonThreadFactory("WorkPackage[" + OrderFulfilmentSaga.PROCESSING_GROUP + "]"));
    }

    /** The saga events parked by the saga's processor (table {@code parked_saga_event}, decision 0044). */
    @Bean
    ParkedSagaEventStore parkedSagaEvents(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          ObjectProvider<EventUpcaster> upcasters, MeterRegistry meters) {
        // The event store's upcasters, in the order Axon's auto-configuration chains them (decision 0052).
        EventUpcasterChain chain = new EventUpcasterChain(upcasters.orderedStream().toList());
        ParkedSagaEventStore parked = new ParkedSagaEventStore(jdbc, transactions, eventSerializer, chain,
                                                               OrderFulfilmentSaga.PROCESSING_GROUP, Clock.systemUTC());
        Gauge.builder("emporium.saga.parked", parked, store -> {
                    try {
                        return store.count();
                    } catch (RuntimeException e) {
                        return Double.NaN;
                    }
                })
             .description("Saga events parked because their handling kept failing, waiting for an operator")
             .tag("processingGroup", OrderFulfilmentSaga.PROCESSING_GROUP)
             .register(meters);
        return parked;
    }

    @Bean
    ParkingErrorHandler sagaParkingErrorHandler(ParkedSagaEventStore parkedSagaEvents, ParkingProperties parking) {
        return new ParkingErrorHandler(parkedSagaEvents::park, parking.maxAttempts());
    }

    @Bean
    SagaParkingOperations sagaParkingOperations(ParkedSagaEventStore parkedSagaEvents,
                                                ObjectProvider<org.axonframework.config.Configuration> axon,
                                                TransactionManager axonTransactions) {
        return new SagaParkingOperations(parkedSagaEvents, () -> (AbstractSagaManager<?>) axon.getObject()
                .eventProcessingConfiguration().sagaConfiguration(OrderFulfilmentSaga.class).manager(),
                axonTransactions);
    }

    @Bean
    SagaParkingHandlers sagaParkingHandlers(SagaParkingOperations sagaParkingOperations) {
        return new SagaParkingHandlers(sagaParkingOperations);
    }

    /** {@code sagaParkedEvents} in {@code /actuator/health} and its readiness group: the parked count, never down. */
    @Bean
    SagaParkingHealthIndicator sagaParkedEventsHealthIndicator(ParkedSagaEventStore parkedSagaEvents) {
        return new SagaParkingHealthIndicator(parkedSagaEvents);
    }

    @Bean
    ConfigurerModule orderFulfilmentProcessor(SagaProperties properties, ScheduledExecutorService orderFulfilmentWorkers,
                                              @Value("${emporium.storage.saga-cache:false}") boolean sagaCache,
                                              ParkedSagaEventStore parkedSagaEvents,
                                              ParkingErrorHandler sagaParkingErrorHandler) {
        SagaProperties.Processor sizing = properties.processor();
        if (sizing.segments() > 1 && sagaCache) {
            // A saga cache's associations are filled by a get-then-put that another segment's thread could
            // overwrite with a stale set, and the saga's later events would then find no saga (decision 0034).
            throw new IllegalStateException("emporium.storage.saga-cache=true needs emporium.saga.processor.segments=1"
                    + " (it is " + sizing.segments() + "): a saga cache is only safe with one saga segment per JVM");
        }
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(
                        OrderFulfilmentSaga.PROCESSING_GROUP,
                        Configuration::eventStore,
                        (configuration, builder) -> builder
                                .initialToken(StreamableMessageSource::createHeadToken)
                                .initialSegmentCount(sizing.segments())
                                .batchSize(sizing.batchSize())
                                .workerExecutor(orderFulfilmentWorkers))
                .registerListenerInvocationErrorHandler(
                        OrderFulfilmentSaga.PROCESSING_GROUP, configuration -> sagaParkingErrorHandler)
                .registerHandlerInterceptor(
                        OrderFulfilmentSaga.PROCESSING_GROUP,
                        configuration -> new SkipParkedEvents(parkedSagaEvents, sagaParkingErrorHandler)));
    }

    /**
     * Axon's db-scheduler task for deadlines, retried with backoff when its handler fails rather than after
     * db-scheduler's default 5 minutes ({@link DeadlineRetries}). Axon's auto-configuration backs off from its own
     * task of this qualifier.
     */
    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(
            ApplicationContext context,
            @Value("${emporium.saga.deadline-retry.initial-interval:2s}") Duration initialInterval,
            @Value("${emporium.saga.deadline-retry.max-interval:60s}") Duration maxInterval) {
        return DeadlineRetries.retried(
                DbSchedulerDeadlineManager.binaryTask(() -> context.getBean(DbSchedulerDeadlineManager.class)),
                initialInterval, maxInterval);
    }

    @Bean
    SagaInfrastructureReport sagaInfrastructureReport(ObjectProvider<DeadlineManager> deadlineManager,
                                                      ObjectProvider<SagaStore<?>> sagaStore) {
        return new SagaInfrastructureReport(deadlineManager, sagaStore);
    }

    /** Logs, once the application is ready, where the saga's deadlines and state are kept. */
    public static final class SagaInfrastructureReport {

        private static final Logger log = LoggerFactory.getLogger(SagaInfrastructureReport.class);
        private final ObjectProvider<DeadlineManager> deadlineManager;
        private final ObjectProvider<SagaStore<?>> sagaStore;

        SagaInfrastructureReport(ObjectProvider<DeadlineManager> deadlineManager,
                                 ObjectProvider<SagaStore<?>> sagaStore) {
            this.deadlineManager = deadlineManager;
            this.sagaStore = sagaStore;
        }

        public String deadlineManager() {
            DeadlineManager manager = deadlineManager.getIfAvailable();
            return manager == null ? "none" : manager.getClass().getSimpleName();
        }

        public String sagaStore() {
            SagaStore<?> store = sagaStore.getIfAvailable();
            return store == null ? "none" : store.getClass().getSimpleName();
        }

        @EventListener(ApplicationReadyEvent.class)
        void report() {
            log.info("Order saga deadlines: {}; saga store: {}", deadlineManager(), sagaStore());
        }
    }
}
