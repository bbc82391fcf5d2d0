package io.emporium.projections;

import io.emporium.projections.admin.ProjectionAdminHandlers;
import io.emporium.projections.admin.ProjectionOperations;
import io.emporium.projections.order.JdbcOrderViewStore;
import io.emporium.projections.order.OrderViewProjection;
import io.emporium.projections.payment.JdbcPaymentStore;
import io.emporium.projections.payment.PaymentViewProjection;
import io.emporium.projections.product.JdbcProductStore;
import io.emporium.projections.product.ProductCatalogueProjection;
import io.emporium.projections.rebuild.ProjectionRebuilds;
import io.emporium.projections.reconciliation.ReconciliationHandler;
import io.emporium.projections.reconciliation.ReconciliationProperties;
import io.emporium.projections.support.JdbcSavepoints;
import io.emporium.projections.support.ProjectionSequencing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read models as one Spring configuration, imported by the standalone assembly (and by a query service
 * of its own in distributed mode); nothing here is found by component scanning.
 * <p>
 * Each projection ({@link ProjectionNames}) is a processing group on its own pooled streaming event
 * processor with Axon's token store (JPA, so positions survive restarts), starting at the tail of the event
 * stream so that a new projection builds from the first event. Each has a dead-letter queue in PostgreSQL
 * (table dead_letter_entry): an event that fails is parked with its cause, later events of the same
 * sequence are parked behind it, and other sequences go on. A reset (replay) clears the projection's tables
 * and its dead letters. The order views are sequenced by order id, so that the inventory events that price
 * an order's lines queue up behind that order's own events; the other projections by aggregate.
 * <p>
 * A projection can also be rebuilt beside its live read model ({@link ProjectionRebuilds}): a new generation of its
 * tables filled by a processor of its own, which takes over once it has caught up.
 * <p>
 * The reconciliation of the books ({@link ReconciliationHandler}) lives here too: it needs the event store and
 * the read models, and this module has both.
 * <p>
 * Settings: {@link ProjectionsProperties} ({@code emporium.projections.*}), {@link ReconciliationProperties}
 * ({@code emporium.reconciliation.*}).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProjectionsProperties.class, ReconciliationProperties.class})
public class ProjectionsModule {

    private static final Logger log = LoggerFactory.getLogger(ProjectionsModule.class);

    /**
     * The bean a rebuild reads its events from when the platform offers one (the platform's {@code BulkEventSource}
     * in standalone mode: the store read with a larger fetch); without it, Axon's event store.
     */
    static final String REBUILD_EVENT_SOURCE = "rebuildEventSource";

    @Bean
    JdbcSavepoints projectionSavepoints(DataSource dataSource) {
        return new JdbcSavepoints(dataSource);
    }

    @Bean
    OrderViewProjection orderViewProjection(NamedParameterJdbcTemplate jdbc, JdbcSavepoints savepoints,
                                            QueryUpdateEmitter queryUpdateEmitter,
                                            ObjectProvider<MeterRegistry> meterRegistry) {
        return new OrderViewProjection(new JdbcOrderViewStore(jdbc, savepoints), queryUpdateEmitter,
                                       meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ProductCatalogueProjection productCatalogueProjection(NamedParameterJdbcTemplate jdbc,
                                                          JdbcSavepoints savepoints) {
        return new ProductCatalogueProjection(new JdbcProductStore(jdbc, savepoints));
    }

    @Bean
    PaymentViewProjection paymentViewProjection(NamedParameterJdbcTemplate jdbc, JdbcSavepoints savepoints) {
        return new PaymentViewProjection(new JdbcPaymentStore(jdbc, savepoints));
    }

    @Bean(destroyMethod = "close")
    ProjectionOperations projectionOperations(ObjectProvider<Configuration> axonConfiguration, JdbcTemplate jdbc,
                                              ProjectionsProperties properties) {
        return new ProjectionOperations(axonConfiguration::getObject, jdbc, properties.replayProgressLogInterval());
    }

    @Bean
    DeadLetterMeters projectionDeadLetterMeters(ObjectProvider<Configuration> axonConfiguration) {
        return new DeadLetterMeters(axonConfiguration::getObject, ProjectionNames.ALL);
    }

    @Bean
    ProjectionAdminHandlers projectionAdminHandlers(ProjectionOperations operations, ProjectionRebuilds rebuilds) {
        return new ProjectionAdminHandlers(operations, rebuilds);
    }

    @Bean
    ReconciliationHandler reconciliationHandler(ObjectProvider<Configuration> axonConfiguration,
                                                NamedParameterJdbcTemplate jdbc, ProjectionOperations operations,
                                                ReconciliationProperties budget, ObjectProvider<Clock> clock) {
        return new ReconciliationHandler(axonConfiguration::getObject, jdbc, operations, budget,
                                         clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ConfigurerModule projectionProcessors(ProjectionsProperties properties,
                                          EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager) {
        return configurer -> configurer.eventProcessing(processing -> {
            for (String name : ProjectionNames.ALL) {
                processing.registerPooledStreamingEventProcessor(
                        name,
                        Configuration::eventStore,
                        (configuration, builder) -> builder
                                .batchSize(properties.batchSize(name))
                                .initialSegmentCount(properties.segments(name))
                                .initialToken(StreamableMessageSource::createTailToken));
                processing.registerDeadLetterQueue(
                        name,
                        configuration -> JpaSequencedDeadLetterQueue.builder()
                                                                    .processingGroup(name)
                                                                    .entityManagerProvider(entityManagerProvider)
                                                                    .transactionManager(transactionManager)
                                                                    .eventSerializer(configuration.eventSerializer())
                                                                    .genericSerializer(configuration.serializer())
                                                                    .build());
                // The cache answers "is this order's sequence dead-lettered?" from memory for the segments this
                // instance holds, instead of a count query per event; Axon drops it when a segment is released.
                processing.registerDeadLetteringEventHandlerInvokerConfiguration(
                        name, (configuration, builder) -> builder.allowReset(true)
                                                                 .enableSequenceIdentifierCache());
            }
            processing.registerSequencingPolicy(ProjectionNames.ORDER_VIEWS,
                                                configuration -> ProjectionSequencing.byOrder());
        });
    }

    @Bean(destroyMethod = "close")
    ProjectionRebuilds projectionRebuilds(ObjectProvider<Configuration> axonConfiguration, JdbcTemplate jdbc,
                                          PlatformTransactionManager springTransactions,
                                          TransactionManager transactionManager, TokenStore tokenStore,
                                          EntityManagerProvider entityManagerProvider, JdbcSavepoints savepoints,
                                          ProjectionsProperties properties, ObjectProvider<Clock> clock,
                                          @Qualifier(REBUILD_EVENT_SOURCE)
                                          ObjectProvider<StreamableMessageSource<TrackedEventMessage<?>>> bulk) {
        ThreadPoolTaskScheduler reports = new ThreadPoolTaskScheduler();
        reports.setThreadNamePrefix("projection-rebuild-reports-");
        reports.setDaemon(true);
        reports.initialize();
        // Transactions of their own: a command handler's unit of work may have one open already.
        TransactionTemplate transactions = new TransactionTemplate(springTransactions);
        transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return new ProjectionRebuilds(axonConfiguration::getObject,
                                      () -> bulk.getIfAvailable(() -> axonConfiguration.getObject().eventStore()),
                                      jdbc, transactions,
                                      transactionManager, tokenStore, entityManagerProvider, savepoints, properties,
                                      reports, clock.getIfAvailable(Clock::systemUTC));
    }

    /** Starts the rebuilds' reports once the application is ready: unfinished rebuilds are resumed from then on. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> projectionRebuildReports(ProjectionRebuilds rebuilds) {
        return ready -> rebuilds.startReporting();
    }

    /** Replays the projections named in {@code emporium.projections.replay-on-startup} once the application is ready. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> projectionReplayOnStartup(ProjectionsProperties properties,
                                                                          ProjectionOperations operations) {
        return ready -> {
            for (String name : properties.replayOnStartup()) {
                log.info("Replaying projection {} on startup (emporium.projections.replay-on-startup)", name);
                operations.replay(name);
            }
        };
    }
}
