package io.emporium.saga;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Refusal;
import io.emporium.messages.inventory.CommitReservation;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReserveStock;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the saga's commands without making the saga wait for them (decision 0032).
 *
 * <p>{@link #send} returns at once. The command is dispatched on this component's executor once the saga's unit of
 * work has committed (at once when there is none), so that it is decided in a unit of work and transaction of its
 * own, never inside the saga's, and only for saga state that is stored. Transient failures are retried on the
 * executor's thread with exponential backoff and random jitter (Resilience4j), up to
 * {@code emporium.saga.retry.max-attempts}. A command decided in favour needs no answer here: its event reaches the
 * saga. Every other outcome is handed to the {@code onFailure} callback the saga gave, which turns it into a deadline
 * of the saga's own ({@link OrderFulfilmentSaga#COMMAND_FAILED}), so that the saga decides about it in its own unit of
 * work. What counts as what:
 * <ul>
 *     <li>a {@link CommandRefusedException} (or, from a remote handler, a {@link CommandExecutionException} whose
 *     details are a {@link Refusal}) is the target's decision: {@link DeliveryOutcome.Kind#REFUSED}, never retried;</li>
 *     <li>an {@link AggregateNotFoundException} anywhere in the cause chain: {@link DeliveryOutcome.Kind#UNKNOWN_TARGET},
 *     never retried;</li>
 *     <li>anything else (no handler yet, a database hiccup, a concurrency conflict, no decision within
 *     {@code command-timeout}, an executor that is shut down or full) is transient, retried, and after the last
 *     attempt {@link DeliveryOutcome.Kind#NOT_DELIVERED}.</li>
 * </ul>
 *
 * <p>The command message is created on the caller's thread, inside the saga's unit of work, so it carries the
 * correlation data of the event or deadline being handled. What a crash between the saga's commit and the command's
 * decision loses, the saga's watchdog deadline sends again ({@link OrderFulfilmentSaga#WATCHDOG}) through
 * {@link #resend}, which skips what this JVM still holds or saw decided; every command the saga sends is idempotent.
 * Every retry and every outcome other than success is logged with the order id.
 */
public class CommandDelivery {

    private static final Logger log = LoggerFactory.getLogger(CommandDelivery.class);
    private static final int MAX_CAUSE_DEPTH = 16;
    private static final String PENDING_HAND_OVERS = CommandDelivery.class.getName() + ".pendingHandOvers";

    private final CommandGateway commandGateway;
    private final SagaProperties.Retry settings;
    private final RetryConfig retryConfig;
    private final Executor executor;
    private final Clock clock;
    private final Duration rememberDelivered;
    /** Commands handed over and not yet decided, by {@link #key}: never sent again while they are here. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Commands this JVM saw decided in favour, by {@link #key}, with when: their events are stored. */
    private final Map<String, Instant> delivered = new ConcurrentHashMap<>();
    private final AtomicLong nextPrune = new AtomicLong();

    /** Dispatches on {@code executor}, which stays the caller's to shut down. */
    public CommandDelivery(CommandGateway commandGateway, SagaProperties.Retry settings, Executor executor) {
        this(commandGateway, settings, executor, Duration.ofMinutes(5), Clock.systemUTC());
    }

    /**
     * @param rememberDelivered how long a command decided in favour is remembered as such, so that the saga's
     *                          watchdog does not send it again while its event waits in the saga's stream
     */
    public CommandDelivery(CommandGateway commandGateway, SagaProperties.Retry settings, Executor executor,
                           Duration rememberDelivered, Clock clock) {
        this.commandGateway = Objects.requireNonNull(commandGateway, "commandGateway");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.rememberDelivered = Objects.requireNonNull(rememberDelivered, "rememberDelivered");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialInterval(),
                        settings.multiplier(), settings.randomizationFactor(), settings.maxInterval()))
                .retryOnException(CommandDelivery::isTransient)
                .build();
    }

    /**
     * Sends {@code command} for {@code orderId} once the current unit of work has committed; {@code onFailure}
     * receives every outcome but {@link DeliveryOutcome.Kind#DONE}, on the dispatching thread.
     */
    public void send(String orderId, Object command, Consumer<DeliveryOutcome> onFailure) {
        // On the saga's own account: the customer whose order started it is in the metadata Axon copied from the
        // event (correlation data), and this replaces it, so the command handlers see the system role.
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command)
                                                         .andMetaData(Caller.ORDER_FULFILMENT.toMetaData());
        String key = key(orderId, command);
        Runnable handOver = () -> {
            inFlight.add(key);
            handOver(orderId, message, () -> deliver(key, orderId, message, onFailure), onFailure, key);
        };
        whenCommitted(handOver);
    }

    /**
     * Runs {@code task} on this component's executor once the current unit of work has committed (at once when there
     * is none), after the commands sent before it; a failure of the task is logged, never thrown. For what the saga
     * does best-effort after its state is stored: cancelling a deadline that may be firing or gone already.
     */
    public void afterCommit(String orderId, String what, Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.debug("Order {}: {} did not happen: {}", orderId, what, e.toString());
            }
        };
        whenCommitted(() -> {
            try {
                executor.execute(guarded);
            } catch (RejectedExecutionException full) {
                log.debug("Order {}: {} not run, the executor refused it", orderId, what);
            }
        });
    }

    /** Runs {@code handOver} once the current unit of work has committed, after those before it; at once without one. */
    private static void whenCommitted(Runnable handOver) {
        if (CurrentUnitOfWork.isStarted()) {
            afterCommitInOrder(CurrentUnitOfWork.get()).add(handOver);
        } else {
            handOver.run();
        }
    }

    /**
     * Sends {@code command} again, as {@link #send} does, unless this JVM still holds it or saw it decided in favour
     * within {@code rememberDelivered} (its event is stored then, and reaches the saga): what the saga's watchdog
     * calls, so that a saga that lags behind its own stream does not send again what only waits to be answered.
     * After a restart nothing is held or remembered, and every pending command is sent again.
     *
     * @return whether it was sent
     */
    public boolean resend(String orderId, Object command, Consumer<DeliveryOutcome> onFailure) {
        String key = key(orderId, command);
        Instant decided = delivered.get(key);
        if (inFlight.contains(key) || (decided != null && decided.plus(rememberDelivered).isAfter(clock.instant()))) {
            return false;
        }
        send(orderId, command, onFailure);
        return true;
    }

    /** One saga command of one order: the saga never has two of one type on one SKU pending. */
    static String key(String orderId, Object command) {
        String sku = skuOf(command);
        return orderId + "/" + command.getClass().getSimpleName() + "/" + (sku == null ? "" : sku);
    }

    /** The SKU of a per-line command of the saga ({@code ReserveStock}, {@code ReleaseStock}, {@code CommitReservation}); null for the others. */
    static String skuOf(Object command) {
        if (command instanceof ReserveStock reserve) {
            return reserve.sku();
        }
        if (command instanceof ReleaseStock release) {
            return release.sku();
        }
        return command instanceof CommitReservation commit ? commit.sku() : null;
    }

    private void remember(String key) {
        Instant now = clock.instant();
        delivered.put(key, now);
        long pruneAt = nextPrune.get();
        if (now.toEpochMilli() >= pruneAt && nextPrune.compareAndSet(pruneAt,
                now.plus(rememberDelivered).toEpochMilli())) {
            Instant oldest = now.minus(rememberDelivered);
            delivered.values().removeIf(at -> at.isBefore(oldest));
        }
    }

    /**
     * The hand-overs waiting for {@code unitOfWork} to commit, in the order they were sent (Axon runs a unit of
     * work's after-commit handlers last registered first, so one handler runs them all, in order).
     */
    private static List<Runnable> afterCommitInOrder(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(PENDING_HAND_OVERS, key -> {
            List<Runnable> handOvers = new ArrayList<>();
            unitOfWork.afterCommit(committed -> handOvers.forEach(Runnable::run));
            return handOvers;
        });
    }

    private void handOver(String orderId, CommandMessage<?> message, Runnable delivery,
                          Consumer<DeliveryOutcome> onFailure, String key) {
        try {
            executor.execute(delivery);
        } catch (RejectedExecutionException full) {
            inFlight.remove(key);
            String name = message.getPayloadType().getSimpleName();
            log.error("Order {}: {} not dispatched, the saga's command executor refused it: {}", orderId, name,
                    full.getMessage());
            report(orderId, name, onFailure, new DeliveryOutcome(DeliveryOutcome.Kind.NOT_DELIVERED,
                    name + " for order " + orderId + " not dispatched: the command executor is full or stopped"));
        }
    }

    private void deliver(String key, String orderId, CommandMessage<?> message, Consumer<DeliveryOutcome> onFailure) {
        String name = message.getPayloadType().getSimpleName();
        Retry retry = Retry.of(name + "@" + orderId, retryConfig);
        retry.getEventPublisher().onRetry(event -> log.warn(
                "Order {}: {} failed on attempt {} of {}, retrying in {} ms: {}", orderId, name,
                event.getNumberOfRetryAttempts(), settings.maxAttempts(), event.getWaitInterval().toMillis(),
                describe(event.getLastThrowable())));
        try {
            Retry.decorateCheckedSupplier(retry, () -> dispatchOnce(message)).get();
            remember(key);
        } catch (Throwable failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            report(orderId, name, onFailure, outcomeOf(orderId, name, failure));
        } finally {
            inFlight.remove(key);
        }
    }

    private DeliveryOutcome outcomeOf(String orderId, String name, Throwable failure) {
        if (isRefusal(failure)) {
            log.info("Order {}: {} refused: {}", orderId, name, describe(failure));
            return new DeliveryOutcome(DeliveryOutcome.Kind.REFUSED, messageOf(failure));
        }
        if (isUnknownTarget(failure)) {
            log.info("Order {}: {} found no target: {}", orderId, name, describe(failure));
            return new DeliveryOutcome(DeliveryOutcome.Kind.UNKNOWN_TARGET, messageOf(failure));
        }
        log.error("Order {}: {} failed {} times; handing it back to the saga: {}", orderId, name,
                settings.maxAttempts(), describe(failure));
        return new DeliveryOutcome(DeliveryOutcome.Kind.NOT_DELIVERED, name + " for order " + orderId
                + " not delivered after " + settings.maxAttempts() + " attempts: " + describe(failure));
    }

    private static void report(String orderId, String name, Consumer<DeliveryOutcome> onFailure,
                               DeliveryOutcome outcome) {
        try {
            onFailure.accept(outcome);
        } catch (RuntimeException lost) {
            // The saga's watchdog sends the command again, and the same outcome comes back then.
            log.error("Order {}: the outcome of {} ({}) could not be handed to the saga; its watchdog sends the"
                    + " command again: {}", orderId, name, outcome.kind(), lost.toString());
        }
    }

    private Object dispatchOnce(CommandMessage<?> message) throws Throwable {
        try {
            return commandGateway.send(message).get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw unwrap(failed);
        } catch (TimeoutException late) {
            throw new TimeoutException(message.getPayloadType().getSimpleName() + " got no decision within "
                    + settings.commandTimeout());
        }
    }

    static boolean isTransient(Throwable failure) {
        return !isRefusal(failure) && !isUnknownTarget(failure) && !(failure instanceof InterruptedException);
    }

    static boolean isRefusal(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CommandRefusedException) {
            return true;
        }
        return cause instanceof CommandExecutionException remote
                && remote.getDetails().orElse(null) instanceof Refusal refusal
                && !refusal.marksMissingAggregate();
    }

    /**
     * An {@link AggregateNotFoundException} anywhere in the cause chain, or (from a handler behind Axon Server,
     * where Axon's exception types do not survive) a remote failure whose details are the refusal
     * {@link Refusal#AGGREGATE_NOT_FOUND}.
     */
    static boolean isUnknownTarget(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof AggregateNotFoundException) {
                return true;
            }
            if (cause instanceof CommandExecutionException remote
                    && remote.getDetails().orElse(null) instanceof Refusal refusal
                    && refusal.marksMissingAggregate()) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String messageOf(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CommandExecutionException remote
                && remote.getDetails().orElse(null) instanceof Refusal refusal) {
            return refusal.message();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause.getClass().getSimpleName() + ": " + messageOf(cause);
    }
}
