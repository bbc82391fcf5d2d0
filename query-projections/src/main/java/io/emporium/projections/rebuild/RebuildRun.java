package io.emporium.projections.rebuild;

import io.emporium.projections.ProjectionNames;
import io.emporium.projections.ProjectionsProperties;
import io.emporium.projections.order.OrderViewProjection;
import io.emporium.projections.order.WriteBehindOrderViewStore;
import io.emporium.projections.payment.PaymentViewProjection;
import io.emporium.projections.payment.WriteBehindPaymentStore;
import io.emporium.projections.product.ProductCatalogueProjection;
import io.emporium.projections.product.WriteBehindProductStore;
import io.emporium.projections.support.JdbcSavepoints;
import io.emporium.projections.support.ProjectionSequencing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * One rebuild running on this node: a tracking event processor of its own ({@value #PROCESSOR_PREFIX} and the
 * rebuild's id), one segment on one thread that reads a batch and projects it, starting at the first event, whose handlers are the projections' own classes over
 * write-behind stores on the tables of {@link RebuildTables#SCHEMA}. Every projection of the rebuild hangs on this one
 * processor, so the event stream is read once for all of them. Each projection parks its failing events in a
 * dead-letter queue of its own ({@link RebuildTables#deadLetterGroup}), sequenced as the live one is.
 * <p>
 * Tracking, not pooled streaming as the live processors are: a pooled streaming processor's coordinator hands events
 * to its work package through a buffer of 1,024 events and, finding it full, looks again only 100 ms later, which caps
 * one segment at about 10,000 events per second however fast its handlers are (decision 0049). A tracking processor's
 * thread reads each batch itself and projects it at once.
 * <p>
 * A rebuild with a bound on its rate waits between batches for as long as the bound asks ({@link RebuildThrottle}).
 */
final class RebuildRun {

    static final String PROCESSOR_PREFIX = "rebuild-";

    private final long id;
    private final List<String> projections;
    private final TrackingEventProcessor processor;

    RebuildRun(long id, List<String> projections, Configuration axon,
               StreamableMessageSource<TrackedEventMessage<?>> eventSource, JdbcTemplate jdbc, JdbcSavepoints savepoints,
               TokenStore tokenStore, EntityManagerProvider entityManagerProvider,
               TransactionManager transactionManager, ProjectionsProperties.Rebuild settings,
               Integer maxEventsPerSecond) {
        this.id = id;
        this.projections = List.copyOf(projections);
        List<EventHandlerInvoker> invokers = new ArrayList<>();
        for (String projection : projections) {
            invokers.add(new RebuildHandlerInvoker(DeadLetteringEventHandlerInvoker
                                 .builder()
                                 .eventHandlers(handlers(projection, jdbc, savepoints, settings.cachedRows()))
                                 .sequencingPolicy(sequencing(projection))
                                 .queue(JpaSequencedDeadLetterQueue.builder()
                                                                   .processingGroup(RebuildTables.deadLetterGroup(projection))
                                                                   .entityManagerProvider(entityManagerProvider)
                                                                   .transactionManager(transactionManager)
                                                                   .eventSerializer(axon.eventSerializer())
                                                                   .genericSerializer(axon.serializer())
                                                                   .build())
                                 .transactionManager(transactionManager)
                                 .enableSequenceIdentifierCache()));
        }
        CustomizableThreadFactory thread = new CustomizableThreadFactory(processorName(id) + "-");
        thread.setDaemon(true);
        this.processor = TrackingEventProcessor
                .builder()
                .name(processorName(id))
                .eventHandlerInvoker(new MultiEventHandlerInvoker(invokers))
                .messageSource(eventSource)
                .tokenStore(tokenStore)
                .transactionManager(transactionManager)
                .trackingEventProcessorConfiguration(
                        TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                                           .andBatchSize(RebuildThrottle.batchSize(
                                                                   settings.batchSize(), maxEventsPerSecond))
                                                           .andInitialTrackingToken(StreamableMessageSource::createTailToken)
                                                           .andTokenClaimInterval(1, TimeUnit.SECONDS)
                                                           .andThreadFactory(name -> thread))
                .build();
        if (maxEventsPerSecond != null) {
            processor.registerHandlerInterceptor(new RebuildThrottle(maxEventsPerSecond));
        }
    }

    static String processorName(long id) {
        return PROCESSOR_PREFIX + id;
    }

    long id() {
        return id;
    }

    List<String> projections() {
        return projections;
    }

    String processorName() {
        return processorName(id);
    }

    void start() {
        processor.start();
    }

    /** Stops the processor once its current batch is written, its token with it. */
    void stop() {
        try {
            processor.shutdownAsync().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + processorName(), interrupted);
        } catch (Exception failed) {
            throw new IllegalStateException("could not stop " + processorName() + ": " + failed.getMessage(), failed);
        }
    }

    void close() {
        stop();
    }


    /** The processor's segment, once it has claimed it. */
    EventTrackerStatus status() {
        Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
        return statuses.isEmpty() ? null : statuses.values().iterator().next();
    }

    /** Where the processor is, or empty before its first position. */
    OptionalLong position() {
        EventTrackerStatus status = status();
        if (status == null) {
            return OptionalLong.empty();
        }
        TrackingToken token = status.getTrackingToken();
        return token == null ? OptionalLong.empty() : token.position();
    }

    /** Level with the head of the stream, with no error. */
    boolean caughtUp() {
        EventTrackerStatus status = status();
        return status != null && status.isCaughtUp() && !status.isErrorState();
    }

    /** The error the processor's segment stopped on, or {@code null}. */
    Throwable error() {
        EventTrackerStatus status = status();
        return status == null ? null : status.getError();
    }

    private static Object handlers(String projection, JdbcTemplate jdbc, JdbcSavepoints savepoints, int cachedRows) {
        String schema = RebuildTables.SCHEMA;
        return switch (projection) {
            case ProjectionNames.ORDER_VIEWS -> new OrderViewProjection(
                    new WriteBehindOrderViewStore(jdbc, savepoints, schema, cachedRows),
                    // Nobody subscribes to a rebuild's changes, and its orders were counted when they ended live.
                    SimpleQueryUpdateEmitter.builder().build(), new SimpleMeterRegistry());
            case ProjectionNames.PRODUCT_CATALOGUE -> new ProductCatalogueProjection(
                    new WriteBehindProductStore(jdbc, savepoints, schema, cachedRows));
            case ProjectionNames.PAYMENT_VIEWS -> new PaymentViewProjection(
                    new WriteBehindPaymentStore(jdbc, savepoints, schema, cachedRows));
            default -> throw new IllegalArgumentException("no projection named " + projection);
        };
    }

    private static SequencingPolicy<? super EventMessage<?>> sequencing(String projection) {
        return ProjectionNames.ORDER_VIEWS.equals(projection)
                ? ProjectionSequencing.byOrder()
                : SequentialPerAggregatePolicy.instance();
    }
}
