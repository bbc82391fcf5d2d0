package io.emporium.projections.admin;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.projection.DeadLetterRetryResult;
import io.emporium.messages.projection.DeadLetterView;
import io.emporium.messages.projection.DeadLetters;
import io.emporium.messages.projection.ProjectionStatus;
import io.emporium.messages.projection.ProjectionStatuses;
import io.emporium.projections.ProjectionNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.deadletter.jpa.JpaDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an operator can do with the projections' processors: read their state, replay one, and inspect,
 * retry or evict dead letters.
 * <p>
 * State is read per segment: from this node's processor for the segments it has claimed, else from the token
 * store (token_entry), so that segments owned by another node, or not yet claimed after a reset, still count.
 * Replays, retries and evictions run on a thread of their own, outside any transaction of the caller: the
 * processor's reset and the dead-letter processing open their own transactions and must commit them before
 * the processor's workers claim the tokens again.
 */
public class ProjectionOperations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionOperations.class);
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(60);

    private final Supplier<Configuration> axon;
    private final JdbcTemplate jdbc;
    private final ExecutorService operations = Executors.newSingleThreadExecutor(daemon("projection-admin"));
    private final ScheduledExecutorService progress =
            Executors.newSingleThreadScheduledExecutor(daemon("projection-replay-progress"));
    private final Set<String> watchedReplays = ConcurrentHashMap.newKeySet();

    public ProjectionOperations(Supplier<Configuration> axon, JdbcTemplate jdbc, Duration progressLogInterval) {
        this.axon = axon;
        this.jdbc = jdbc;
        long every = progressLogInterval.toMillis();
        progress.scheduleWithFixedDelay(this::logReplayProgress, every, every, TimeUnit.MILLISECONDS);
    }

    // ---- status ----

    public ProjectionStatuses statuses() {
        Long head = head();
        return new ProjectionStatuses(ProjectionNames.ALL.stream().map(name -> status(name, head)).toList());
    }

    ProjectionStatus status(String name, Long head) {
        StreamingEventProcessor processor = processor(name);
        Map<Integer, TrackingToken> tokens = new TreeMap<>(storedTokens(name));
        for (Map.Entry<Integer, EventTrackerStatus> claimed : processor.processingStatus().entrySet()) {
            tokens.put(claimed.getKey(), claimed.getValue().getTrackingToken());
        }
        boolean replaying = false;
        Long min = null;
        Long max = null;
        Integer progressPercent = null;
        for (TrackingToken token : tokens.values()) {
            long position = token == null ? -1 : token.position().orElse(-1);
            min = min == null ? position : Math.min(min, position);
            max = max == null ? position : Math.max(max, position);
            if (replayUnfinished(token)) {
                replaying = true;
                OptionalLong resetAt = ReplayToken.getTokenAtReset(token);
                int percent = resetAt.isEmpty() || resetAt.getAsLong() <= 0
                        ? 100
                        : (int) Math.min(100, Math.max(0, position) * 100 / resetAt.getAsLong());
                progressPercent = progressPercent == null ? percent : Math.min(progressPercent, percent);
            }
        }
        if (min != null && min < 0) {
            min = null;
        }
        if (max != null && max < 0) {
            max = null;
        }
        Long lag = head == null ? null : Math.max(0, head - (min == null ? -1 : min));
        return new ProjectionStatus(name, processor.isRunning(), processor.isError(), replaying, tokens.size(),
                                    min, max, head, lag, progressPercent);
    }

    /**
     * Whether {@code token} still has events to replay. Axon keeps a replay token until an event newer than the
     * reset point arrives; once it has reached that point the projection is rebuilt, and reporting it as still
     * replaying would keep operators (and anything waiting for the replay) waiting for an event that may never come.
     */
    static boolean replayUnfinished(TrackingToken token) {
        if (!ReplayToken.isReplay(token)) {
            return false;
        }
        OptionalLong resetAt = ReplayToken.getTokenAtReset(token);
        long position = token.position().orElse(-1);
        return resetAt.isEmpty() || position < resetAt.getAsLong();
    }

    private Long head() {
        TrackingToken head = axon.get().eventStore().createHeadToken();
        if (head == null) {
            return null;
        }
        OptionalLong position = head.position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    private Map<Integer, TrackingToken> storedTokens(String name) {
        Map<Integer, TrackingToken> tokens = new TreeMap<>();
        jdbc.query("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?", rs -> {
            byte[] data = rs.getBytes("token");
            String type = rs.getString("token_type");
            TrackingToken token = data == null || type == null
                    ? null
                    : axon.get().serializer().deserialize(
                            new SimpleSerializedObject<>(data, byte[].class, type, null));
            tokens.put(rs.getInt("segment"), token);
        }, name);
        return tokens;
    }

    // ---- replay ----

    /** Stops the projection's processor, resets its tokens (clearing its tables) and starts it again. */
    public void replay(String name) {
        StreamingEventProcessor processor = processor(name);
        runAndWait("replay of " + name, () -> {
            log.info("Replay of projection {} requested: stopping its processor", name);
            processor.shutdownAsync().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try {
                processor.resetTokens();
                watchedReplays.add(name);
                log.info("Replay of projection {}: tokens reset, tables cleared; rebuilding from the first event",
                         name);
            } catch (RuntimeException cannotReset) {
                throw CommandRefusedException.conflict(
                        "replay-not-possible",
                        "Projection " + name + " cannot be reset now (" + cannotReset.getMessage()
                                + "); another node may still own its segments.");
            } finally {
                processor.start();
            }
            return null;
        });
    }

    private void logReplayProgress() {
        try {
            for (String name : watchedReplays) {
                ProjectionStatus status = status(name, head());
                if (status.replaying()) {
                    log.info("Replay of projection {}: {}% (position {} of head {})", name,
                             status.replayProgressPercent(), status.minPosition(), status.head());
                } else {
                    watchedReplays.remove(name);
                    log.info("Replay of projection {} finished at position {}", name, status.minPosition());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not report replay progress", e);
        }
    }

    // ---- dead letters ----

    public DeadLetters deadLetters() {
        List<DeadLetterView> views = new ArrayList<>();
        for (String group : ProjectionNames.ALL) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    views.add(new DeadLetterView(group, sequenceIdOf(group, letter),
                                                 letter.message().getPayloadType().getName(),
                                                 letter.cause().map(ProjectionOperations::describe).orElse(null),
                                                 letter.enqueuedAt()));
                }
            }
        }
        return new DeadLetters(views);
    }

    /** Processes parked sequences one after the other until none is left or one fails again. */
    public DeadLetterRetryResult retry(String group) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        SequencedDeadLetterProcessor<EventMessage<?>> letters =
                events().sequencedDeadLetterProcessor(group)
                        .orElseThrow(() -> unknown(group));
        return runAndWait("retry of dead letters of " + group, () -> {
            long sequences = queue.amountOfSequences();
            int processed = 0;
            while (processed < sequences && letters.processAny()) {
                processed++;
            }
            long remaining = queue.size();
            log.info("Retried dead letters of {}: {} sequence(s) processed, {} letter(s) still parked", group,
                     processed, remaining);
            return new DeadLetterRetryResult(group, processed, remaining);
        });
    }

    /** Drops every parked event of one sequence; returns how many. */
    public int evict(String group, String sequenceId) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        int evicted = runAndWait("eviction of dead letters of " + group, () -> {
            List<DeadLetter<? extends EventMessage<?>>> sequence = new ArrayList<>();
            queue.deadLetterSequence(sequenceId).forEach(sequence::add);
            sequence.forEach(queue::evict);
            return sequence.size();
        });
        if (evicted == 0) {
            throw CommandRefusedException.notFound("unknown-dead-letter-sequence",
                                                   "No dead letters of sequence " + sequenceId + " in " + group);
        }
        log.warn("Evicted {} dead letter(s) of sequence {} from {} without processing them", evicted, sequenceId,
                 group);
        return evicted;
    }

    @Override
    public void close() {
        progress.shutdownNow();
        operations.shutdownNow();
    }

    // ---- helpers ----

    private EventProcessingConfiguration events() {
        return axon.get().eventProcessingConfiguration();
    }

    private StreamingEventProcessor processor(String name) {
        if (name == null || !ProjectionNames.ALL.contains(name)) {
            throw unknown(name);
        }
        return events().eventProcessor(name, StreamingEventProcessor.class).orElseThrow(() -> unknown(name));
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        if (group == null || !ProjectionNames.ALL.contains(group)) {
            throw unknown(group);
        }
        return events().deadLetterQueue(group).orElseThrow(() -> unknown(group));
    }

    private String sequenceIdOf(String group, DeadLetter<? extends EventMessage<?>> letter) {
        if (letter instanceof JpaDeadLetter<?> stored) {
            return stored.getSequenceIdentifier();
        }
        return String.valueOf(events().sequencingPolicy(group).getSequenceIdentifierFor(letter.message()));
    }

    private static String describe(Cause cause) {
        return cause.type() + ": " + cause.message();
    }

    private static CommandRefusedException unknown(String name) {
        return CommandRefusedException.notFound("unknown-projection",
                                                "No projection named '" + name + "'; known: " + ProjectionNames.ALL);
    }

    private <T> T runAndWait(String what, java.util.concurrent.Callable<T> operation) {
        Future<T> result = operations.submit(operation);
        try {
            return result.get(OPERATION_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(what + " failed", failed.getCause());
        } catch (TimeoutException late) {
            throw new IllegalStateException(what + " did not finish within " + OPERATION_TIMEOUT.multipliedBy(2), late);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", interrupted);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
