package io.emporium.edge.admin;

import io.emporium.messages.projection.FindRebuild;
import io.emporium.messages.projection.RebuildStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A rebuild's progress as server-sent events: its status (event {@code progress}) every {@code interval}, asked
 * of the projections with a query whose answer is sent when it comes (the scheduler thread only asks), ending after
 * the status that shows a final phase, or after {@code lifetime}. The status is what {@code GET
 * /api/admin/rebuilds/{id}} answers, so the stream works the same whichever node runs the rebuild.
 */
public class RebuildProgress {

    private static final Logger log = LoggerFactory.getLogger(RebuildProgress.class);

    private final QueryGateway queries;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private final Duration lifetime;

    public RebuildProgress(QueryGateway queries, TaskScheduler scheduler, Duration interval, Duration lifetime) {
        this.queries = queries;
        this.scheduler = scheduler;
        this.interval = interval;
        this.lifetime = lifetime;
    }

    /** Streams {@code first}, the rebuild's status as just read, and the ones after it. */
    public SseEmitter stream(RebuildStatus first) {
        SseEmitter emitter = new SseEmitter(lifetime.toMillis());
        AtomicLong sent = new AtomicLong();
        AtomicReference<ScheduledFuture<?>> polling = new AtomicReference<>();
        Runnable stop = () -> {
            ScheduledFuture<?> task = polling.get();
            if (task != null) {
                task.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(() -> {
            stop.run();
            emitter.complete();
        });
        emitter.onError(failure -> stop.run());
        if (!send(emitter, first, sent)) {
            return emitter;
        }
        long id = first.rebuildId();
        polling.set(scheduler.scheduleWithFixedDelay(
                () -> queries.query(new FindRebuild(id), ResponseTypes.instanceOf(RebuildStatus.class))
                             .whenComplete((status, failure) -> {
                                 if (failure != null) {
                                     log.debug("Progress of rebuild {} not read: {}", id, failure.getMessage());
                                 } else if (status != null && !send(emitter, status, sent)) {
                                     stop.run();
                                 }
                             }),
                interval));
        return emitter;
    }

    /** Sends one status; false when the stream has ended (a final phase, or the client gone). */
    private static synchronized boolean send(SseEmitter emitter, RebuildStatus status, AtomicLong sent) {
        try {
            emitter.send(SseEmitter.event().name("progress").id(Long.toString(sent.getAndIncrement()))
                                   .data(status, MediaType.APPLICATION_JSON));
            if (status.phase().isFinal()) {
                emitter.complete();
                return false;
            }
            return true;
        } catch (IOException | IllegalStateException gone) {
            log.debug("Rebuild progress not delivered, the client has gone: {}", gone.getMessage());
            emitter.completeWithError(gone);
            return false;
        }
    }
}
