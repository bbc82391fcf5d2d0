package io.emporium.projections.rebuild;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.projection.RebuildPhase;
import io.emporium.messages.projection.RebuildStatus;
import io.emporium.projections.ProjectionNames;
import io.emporium.projections.ProjectionsProperties;
import io.emporium.projections.support.JdbcSavepoints;
import java.lang.management.ManagementFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds of read models beside the live ones (decision 0049).
 * <p>
 * A rebuild claims its projections (a second rebuild of one of them is refused as a conflict), makes empty tables of a
 * new generation ({@link RebuildTables}) and starts its own event processor ({@link RebuildRun}) at the first event.
 * Meanwhile the live processors go on following new events into the live tables, which answer every query. Once the
 * rebuild's processor is level with the head it is stopped, the live processors of its projections are stopped on
 * this node, and one transaction drops the live tables, moves the new ones in their place, sets the live processors'
 * tokens to the rebuild's position, hands the rebuild's dead letters to the live queues and records the switch. The
 * live processors then start again from there, into the new tables. Should the transaction fail (the tables busy
 * beyond {@code switch-lock-timeout}, say), nothing of it happened: the live processors go on where they were, the
 * rebuild goes on following the stream, and the switch is tried again at the next report.
 * <p>
 * Every report interval (on a scheduler of its own) the node running a rebuild records its progress in {@code projection_rebuild}, which any
 * node answers queries from. A rebuild whose progress has gone unrecorded for {@code takeover-after} (its node died)
 * is taken over by the next node to notice, this one after a restart included, and resumed from its processor's
 * token: the tables of the new generation hold exactly what that token covers, because each batch is written in the
 * transaction that stores the token.
 * <p>
 * Other instances of the live processors (a scaled query service) need no coordination: the switch marks every live
 * segment as claimed by this node, so that an instance that was projecting a segment fails to store its token, rolls
 * its batch back and lets this node's processor go on from the rebuild's position.
 */
public class ProjectionRebuilds implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    private static final String COLUMNS = "rebuild_id, projections, generation, phase, started_at, ended_at, "
            + "start_head, tail_position, position, head, events_per_second, dead_letters, detail, "
            + "max_events_per_second";

    private final Supplier<Configuration> axon;
    private final Supplier<StreamableMessageSource<TrackedEventMessage<?>>> eventSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TransactionManager axonTransactions;
    private final TokenStore tokenStore;
    private final EntityManagerProvider entityManagerProvider;
    private final JdbcSavepoints savepoints;
    private final ProjectionsProperties.Rebuild settings;
    private final Duration logInterval;
    private final String node;
    private final Clock clock;
    private final Map<Long, Local> runs = new ConcurrentHashMap<>();
    private final ThreadPoolTaskScheduler scheduler;
    private ScheduledFuture<?> reports;

    /**
     * @param eventSource the stream a rebuild reads: a bulk reader of the store where there is one, else Axon's event
     *                    store
     */
    public ProjectionRebuilds(Supplier<Configuration> axon,
                              Supplier<StreamableMessageSource<TrackedEventMessage<?>>> eventSource,
                              JdbcTemplate jdbc, TransactionTemplate transactions,
                              TransactionManager axonTransactions, TokenStore tokenStore,
                              EntityManagerProvider entityManagerProvider, JdbcSavepoints savepoints,
                              ProjectionsProperties properties, ThreadPoolTaskScheduler scheduler, Clock clock) {
        this.axon = axon;
        this.eventSource = eventSource;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.axonTransactions = axonTransactions;
        this.tokenStore = tokenStore;
        this.entityManagerProvider = entityManagerProvider;
        this.savepoints = savepoints;
        this.settings = properties.rebuild();
        this.logInterval = properties.replayProgressLogInterval();
        this.node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * Starts the reports, once the application (and Axon's processors) are running: from then on this node records the
     * progress of its rebuilds and takes over those left by a node that stopped reporting.
     */
    public synchronized void startReporting() {
        if (reports == null) {
            reports = scheduler.scheduleWithFixedDelay(this::report, settings.reportInterval());
        }
    }

    // ---- operator operations ----

    /**
     * Starts a rebuild of {@code names} (every projection when empty), at most {@code maxEventsPerSecond} events a
     * second (0 for no bound, {@code null} for the setting), and answers its first status.
     */
    public synchronized RebuildStatus start(List<String> names, Integer maxEventsPerSecond) {
        // Never negative: StartRebuild and emporium.projections.rebuild.max-events-per-second both refuse it.
        int bound = maxEventsPerSecond == null ? settings.maxEventsPerSecond() : maxEventsPerSecond;
        Integer rate = bound == 0 ? null : bound;
        List<String> projections = names.isEmpty() ? ProjectionNames.ALL : List.copyOf(new LinkedHashSet<>(names));
        for (String name : projections) {
            if (!ProjectionNames.ALL.contains(name)) {
                throw CommandRefusedException.notFound("unknown-projection", "No projection named '" + name
                        + "'; known: " + ProjectionNames.ALL);
            }
        }
        Long head = head();
        long tail = tail();
        long id;
        try {
            id = transactions.execute(status -> {
                int generation = 1 + jdbc.queryForObject(
                        "SELECT COALESCE(max(generation), 1) FROM projection_generation WHERE projection = ANY (?)",
                        Integer.class, (Object) projections.toArray(String[]::new));
                Long newId = jdbc.queryForObject("""
                        INSERT INTO projection_rebuild (projections, generation, phase, started_at, start_head,
                                                        tail_position, owner, heartbeat, max_events_per_second)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rebuild_id""", Long.class,
                        String.join(",", projections), generation, RebuildPhase.REBUILDING.name(), now(), head, tail,
                        node, now(), rate);
                for (String projection : projections) {
                    jdbc.update("INSERT INTO projection_rebuild_claim (projection, rebuild_id) VALUES (?, ?)",
                                projection, newId);
                }
                String liveSchema = liveSchema();
                for (String projection : projections) {
                    RebuildTables.create(jdbc, liveSchema, projection);
                    jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?",
                                RebuildTables.deadLetterGroup(projection));
                }
                return newId;
            });
        } catch (DuplicateKeyException running) {
            throw CommandRefusedException.conflict(
                    "rebuild-running", "A rebuild of " + String.join(", ", projections) + " is running already: "
                            + running());
        }
        log.info("Rebuild {} of {} started at head {}, {}, reading {}: a new generation is built beside the live read "
                 + "models", id, projections, head, rate == null ? "at full speed" : "at most " + rate + " events/s",
                 eventSource.get().getClass().getSimpleName());
        launch(id, projections);
        return find(id);
    }

    /** Asks for a rebuild to stop; the node running it drops its new generation at its next report (or now). */
    public synchronized RebuildStatus cancel(long id) {
        RebuildStatus current = find(id);
        if (current == null) {
            throw CommandRefusedException.notFound("unknown-rebuild", "No rebuild " + id);
        }
        if (current.phase().isFinal()) {
            throw CommandRefusedException.conflict("rebuild-ended", "Rebuild " + id + " has ended already ("
                    + current.phase() + ")");
        }
        transactions.executeWithoutResult(status -> jdbc.update(
                "UPDATE projection_rebuild SET cancel_requested = true WHERE rebuild_id = ?", id));
        Local local = runs.get(id);
        if (local != null) {
            end(local, RebuildPhase.CANCELLED, "cancelled by an operator");
        }
        return find(id);
    }

    public RebuildStatus find(long id) {
        List<RebuildStatus> found = jdbc.query("SELECT " + COLUMNS + " FROM projection_rebuild WHERE rebuild_id = ?",
                                               this::status, id);
        return found.isEmpty() ? null : found.get(0);
    }

    public List<RebuildStatus> list(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_rebuild ORDER BY rebuild_id DESC LIMIT ?",
                          this::status, Math.max(1, Math.min(limit, 100)));
    }

    @Override
    public synchronized void close() {
        if (reports != null) {
            reports.cancel(false);
        }
        scheduler.shutdown();
        for (Local local : runs.values()) {
            try {
                local.run.close();
            } catch (RuntimeException e) {
                log.warn("Could not stop rebuild {} cleanly; it resumes from its token", local.run.id(), e);
            }
        }
        runs.clear();
    }

    // ---- the report: progress, cancellation, catching up, switching, taking over ----

    synchronized void report() {
        try {
            for (Local local : List.copyOf(runs.values())) {
                report(local);
            }
            takeOverAbandoned();
        } catch (RuntimeException e) {
            log.warn("Could not report on the rebuilds", e);
        }
    }

    private void report(Local local) {
        long id = local.run.id();
        Boolean cancelled = jdbc.query("SELECT cancel_requested FROM projection_rebuild WHERE rebuild_id = ?",
                                       rs -> rs.next() ? rs.getBoolean(1) : null, id);
        if (cancelled == null || cancelled) {
            end(local, RebuildPhase.CANCELLED, "cancelled by an operator");
            return;
        }
        Long head = head();
        OptionalLong position = local.position();
        Instant now = clock.instant();
        Double rate = local.rate(now, position);
        RebuildPhase phase = position.isPresent() && local.startHead != null && position.getAsLong() >= local.startHead
                ? RebuildPhase.CATCHING_UP : RebuildPhase.REBUILDING;
        Throwable error = local.run.error();
        long deadLetters = deadLetters(local.run.projections());
        int updated = jdbc.update("""
                UPDATE projection_rebuild SET phase = ?, position = ?, head = ?, events_per_second = ?, dead_letters = ?,
                       detail = ?, heartbeat = ?
                WHERE rebuild_id = ? AND owner = ?""", phase.name(),
                position.isPresent() ? position.getAsLong() : null, head, rate, deadLetters,
                error == null ? null : "processor error, retried: " + error.getMessage(), Timestamp.from(now), id, node);
        if (updated == 0) {
            log.warn("Rebuild {} was taken over by another node; stopping it here", id);
            runs.remove(id);
            local.run.close();
            return;
        }
        if (local.logDue(now, logInterval)) {
            log.info("Rebuild {} of {}: {}", id, local.run.projections(), describe(find(id)));
        }
        if (local.run.caughtUp() && (local.startHead == null || phase == RebuildPhase.CATCHING_UP)) {
            switchOver(local);
        }
    }

    /**
     * Stops the rebuild's processor (its last batch written) and the live processors here, and puts the new generation
     * live in one transaction. Whatever happens, the live processors start again.
     */
    private void switchOver(Local local) {
        RebuildRun run = local.run;
        log.info("Rebuild {} of {} has caught up: switching the live read models over to it", run.id(),
                 run.projections());
        run.stop();
        List<StreamingEventProcessor> live = new ArrayList<>();
        try {
            for (String projection : run.projections()) {
                StreamingEventProcessor processor = axon.get().eventProcessingConfiguration()
                        .eventProcessor(projection, StreamingEventProcessor.class)
                        .orElseThrow(() -> new IllegalStateException("no live processor " + projection));
                live.add(processor);
                processor.shutdownAsync().get(60, TimeUnit.SECONDS);
            }
            Long position = transactions.execute(status -> putLive(run));
            runs.remove(run.id());
            run.close();
            log.info("Rebuild {} switched: {} now answer from generation {}, from position {} on", run.id(),
                     run.projections(), find(run.id()).generation(), position);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            retryLater(run, interrupted);
        } catch (Exception failed) {
            retryLater(run, failed);
        } finally {
            for (StreamingEventProcessor processor : live) {
                processor.start();
            }
        }
    }

    private Long putLive(RebuildRun run) {
        jdbc.execute("SET LOCAL lock_timeout = " + settings.switchLockTimeout().toMillis());
        String liveSchema = liveSchema();
        Long position = storedPosition(run.processorName());
        // The token store has just claimed the rebuild's token under this node's name: the live tokens get the same.
        String owner = jdbc.queryForObject("SELECT owner FROM token_entry WHERE processor_name = ? AND segment = 0",
                                           String.class, run.processorName());
        String timestamp = DateTimeUtils.formatInstant(clock.instant());
        for (String projection : run.projections()) {
            RebuildTables.putLive(jdbc, liveSchema, projection);
            int segments = jdbc.update("""
                    UPDATE token_entry SET token = rebuild.token, token_type = rebuild.token_type, owner = ?,
                           "timestamp" = ?
                    FROM (SELECT token, token_type FROM token_entry WHERE processor_name = ? AND segment = 0) rebuild
                    WHERE token_entry.processor_name = ?""", owner, timestamp, run.processorName(), projection);
            if (segments == 0) {
                throw new IllegalStateException("the live processor " + projection + " has no segments yet");
            }
            jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?", projection);
            jdbc.update("UPDATE dead_letter_entry SET processing_group = ? WHERE processing_group = ?", projection,
                        RebuildTables.deadLetterGroup(projection));
        }
        int generation = jdbc.queryForObject("SELECT generation FROM projection_rebuild WHERE rebuild_id = ?",
                                             Integer.class, run.id());
        for (String projection : run.projections()) {
            jdbc.update("""
                    INSERT INTO projection_generation (projection, generation, rebuild_id, switched_at)
                    VALUES (?, ?, ?, ?) ON CONFLICT (projection) DO UPDATE
                    SET generation = EXCLUDED.generation, rebuild_id = EXCLUDED.rebuild_id,
                        switched_at = EXCLUDED.switched_at""", projection, generation, run.id(), now());
        }
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", run.processorName());
        jdbc.update("DELETE FROM projection_rebuild_claim WHERE rebuild_id = ?", run.id());
        jdbc.update("""
                UPDATE projection_rebuild SET phase = ?, ended_at = ?, position = ?, head = ?, detail = NULL, heartbeat = ?
                WHERE rebuild_id = ?""", RebuildPhase.SWITCHED.name(), now(), position, position, now(), run.id());
        return position;
    }

    private void retryLater(RebuildRun run, Exception failed) {
        String detail = "switch not possible yet, tried again at the next report: " + failed.getMessage();
        log.warn("Rebuild {}: {}", run.id(), detail);
        jdbc.update("UPDATE projection_rebuild SET detail = ? WHERE rebuild_id = ?", detail, run.id());
        run.start();
    }

    /** Stops a rebuild here and drops its new generation; the live read models were never touched. */
    private void end(Local local, RebuildPhase phase, String detail) {
        RebuildRun run = local.run;
        runs.remove(run.id());
        run.close();
        transactions.executeWithoutResult(status -> {
            for (String projection : run.projections()) {
                RebuildTables.drop(jdbc, projection);
                jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?",
                            RebuildTables.deadLetterGroup(projection));
            }
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", run.processorName());
            jdbc.update("DELETE FROM projection_rebuild_claim WHERE rebuild_id = ?", run.id());
            jdbc.update("UPDATE projection_rebuild SET phase = ?, ended_at = ?, detail = ? WHERE rebuild_id = ?",
                        phase.name(), now(), detail, run.id());
        });
        log.info("Rebuild {} of {} {}: its new generation is dropped, the live read models are as they were",
                 run.id(), run.projections(), phase.name().toLowerCase());
    }

    /** Resumes, from its token, every unfinished rebuild whose node has not reported for {@code takeover-after}. */
    private void takeOverAbandoned() {
        Timestamp staleBefore = Timestamp.from(clock.instant().minus(settings.takeoverAfter()));
        List<Long> abandoned = jdbc.queryForList("""
                SELECT rebuild_id FROM projection_rebuild
                WHERE phase IN ('REBUILDING', 'CATCHING_UP') AND (heartbeat IS NULL OR heartbeat < ?)
                ORDER BY rebuild_id""", Long.class, staleBefore);
        for (Long id : abandoned) {
            if (runs.containsKey(id)) {
                continue;
            }
            int taken = jdbc.update("""
                    UPDATE projection_rebuild SET owner = ?, heartbeat = ?
                    WHERE rebuild_id = ? AND phase IN ('REBUILDING', 'CATCHING_UP')
                      AND (heartbeat IS NULL OR heartbeat < ?)""", node, now(), id, staleBefore);
            if (taken == 1) {
                RebuildStatus status = find(id);
                log.info("Rebuild {} of {} was left by its node at position {}: resuming it here from its token", id,
                         status.projections(), status.position());
                launch(id, status.projections());
            }
        }
    }

    private void launch(long id, List<String> projections) {
        RebuildStatus status = find(id);
        RebuildRun run = new RebuildRun(id, projections, axon.get(), eventSource.get(), jdbc, savepoints, tokenStore,
                                        entityManagerProvider, axonTransactions, settings,
                                        status.maxEventsPerSecond());
        runs.put(id, new Local(run, status.startHead()));
        run.start();
    }

    // ---- reading ----

    /** A running rebuild's progress in a line, as the log shows it. */
    static String describe(RebuildStatus status) {
        StringBuilder line = new StringBuilder().append(status.phase()).append(", generation ")
                .append(status.generation()).append(": ").append(status.eventsDone()).append(" of ")
                .append(status.eventsTotal()).append(" events");
        if (status.eventsTotal() > 0) {
            line.append(" (").append(status.eventsDone() * 100 / status.eventsTotal()).append("%)");
        }
        if (status.eventsPerSecond() != null) {
            line.append(", ").append(Math.round(status.eventsPerSecond())).append(" events/s");
        }
        if (status.maxEventsPerSecond() != null) {
            line.append(" (at most ").append(status.maxEventsPerSecond()).append(")");
        }
        if (status.secondsLeft() != null) {
            line.append(", about ").append(status.secondsLeft()).append(" s left");
        }
        line.append(", ").append(status.deadLetters()).append(" dead letter(s)");
        if (status.detail() != null) {
            line.append("; ").append(status.detail());
        }
        return line.toString();
    }

    private RebuildStatus status(ResultSet rs, int row) throws SQLException {
        long tail = rs.getLong("tail_position");
        Long position = rs.getObject("position", Long.class);
        Long head = rs.getObject("head", Long.class);
        Long startHead = rs.getObject("start_head", Long.class);
        RebuildPhase phase = RebuildPhase.valueOf(rs.getString("phase"));
        Double rate = rs.getObject("events_per_second", Double.class);
        long done = position == null ? 0 : Math.max(0, position - tail);
        // Switched, the rebuild covered the stream up to its position; the live processors went on from there.
        long total = phase == RebuildPhase.SWITCHED ? done
                : Math.max(done, Math.max(head == null ? 0 : head - tail, startHead == null ? 0 : startHead - tail));
        Long secondsLeft = phase.isFinal() ? Long.valueOf(0)
                : rate == null || rate <= 0 ? null : (long) Math.ceil((total - done) / rate);
        Timestamp ended = rs.getTimestamp("ended_at");
        return new RebuildStatus(rs.getLong("rebuild_id"), Arrays.asList(rs.getString("projections").split(",")),
                                 phase, rs.getInt("generation"), rs.getTimestamp("started_at").toInstant(),
                                 ended == null ? null : ended.toInstant(), startHead, position, head, done, total, rate,
                                 secondsLeft, rs.getLong("dead_letters"), rs.getString("detail"),
                                 rs.getObject("max_events_per_second", Integer.class));
    }

    private String running() {
        return String.join("; ", jdbc.queryForList(
                "SELECT 'rebuild ' || rebuild_id || ' of ' || string_agg(projection, ', ') FROM projection_rebuild_claim "
                        + "GROUP BY rebuild_id ORDER BY rebuild_id", String.class));
    }

    private long deadLetters(List<String> projections) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry WHERE processing_group = ANY (?)",
                                         Long.class, (Object) projections.stream().map(RebuildTables::deadLetterGroup)
                                                                        .toArray(String[]::new));
        return count == null ? 0 : count;
    }

    /** The stopped rebuild processor's position, read in the switch's transaction (which then deletes its token). */
    private Long storedPosition(String processorName) {
        TrackingToken token = tokenStore.fetchToken(processorName, 0);
        if (token == null) {
            return null;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    private String liveSchema() {
        return jdbc.queryForObject("SELECT current_schema()", String.class);
    }

    private Long head() {
        TrackingToken head = axon.get().eventStore().createHeadToken();
        return head == null || head.position().isEmpty() ? null : head.position().getAsLong();
    }

    private long tail() {
        TrackingToken tail = axon.get().eventStore().createTailToken();
        return tail == null || tail.position().isEmpty() ? -1 : tail.position().getAsLong();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    /** A rebuild running here, with the samples its rate is taken from. */
    private static final class Local {

        final RebuildRun run;
        final Long startHead;
        private final Deque<long[]> samples = new ArrayDeque<>();
        private Instant lastLog = Instant.EPOCH;
        private OptionalLong lastPosition = OptionalLong.empty();

        Local(RebuildRun run, Long startHead) {
            this.run = run;
            this.startHead = startHead;
        }

        /** The processor's position, or the last one seen while it has no segment (between a failed batch and its retry). */
        OptionalLong position() {
            OptionalLong now = run.position();
            if (now.isPresent()) {
                lastPosition = now;
            }
            return lastPosition;
        }

        /** Events per second over the last seconds, or {@code null} before two samples. */
        Double rate(Instant now, OptionalLong position) {
            if (position.isEmpty()) {
                return null;
            }
            samples.addLast(new long[] {now.toEpochMilli(), position.getAsLong()});
            while (samples.size() > 2 && samples.peekFirst()[0] < now.toEpochMilli() - RATE_WINDOW.toMillis()) {
                samples.removeFirst();
            }
            long[] first = samples.peekFirst();
            long millis = now.toEpochMilli() - first[0];
            return millis <= 0 ? null : (position.getAsLong() - first[1]) * 1000.0 / millis;
        }

        boolean logDue(Instant now, Duration interval) {
            if (Duration.between(lastLog, now).compareTo(interval) < 0) {
                return false;
            }
            lastLog = now;
            return true;
        }
    }
}
