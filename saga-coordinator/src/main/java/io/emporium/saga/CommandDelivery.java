package io.emporium.saga;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Refusal;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the saga's commands and waits for their decision, retrying transient failures with exponential backoff
 * and random jitter (Resilience4j), up to {@code emporium.saga.retry.max-attempts}.
 *
 * <p>What counts as what:
 * <ul>
 *     <li>a {@link CommandRefusedException} (or, from a remote handler, a {@link CommandExecutionException} whose
 *     details are a {@link Refusal}) is the target's decision: {@link DeliveryOutcome.Kind#REFUSED}, never retried;</li>
 *     <li>an {@link AggregateNotFoundException} anywhere in the cause chain: {@link DeliveryOutcome.Kind#UNKNOWN_TARGET},
 *     never retried;</li>
 *     <li>anything else (no handler yet, a database hiccup, a concurrency conflict, no decision within
 *     {@code command-timeout}) is transient and retried.</li>
 * </ul>
 *
 * <p>{@link #attempt} gives up after the last retry and says so ({@link DeliveryOutcome.Kind#NOT_DELIVERED}): used
 * for the forward steps, whose failure the saga compensates. {@link #deliver} throws a
 * {@link CommandNotDeliveredException} instead: used for what must never be dropped (compensations, confirmation,
 * commits), so that the handler fails and its event or deadline is handed to the saga again later.
 *
 * <p>Each attempt is dispatched on this component's own threads: the command is decided in its own unit of work and
 * transaction, as it would be on a remote command bus, never inside the saga's transaction, whose rollback it could
 * otherwise force or share. The command message is created on the caller's thread, so it carries the correlation
 * data of the event or deadline being handled. Every retry and every outcome other than success is logged with the
 * order id.
 */
public class CommandDelivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandDelivery.class);
    private static final int MAX_CAUSE_DEPTH = 16;

    private final CommandGateway commandGateway;
    private final SagaProperties.Retry settings;
    private final RetryConfig retryConfig;
    private final Executor executor;
    private final ExecutorService ownedExecutor;

    /** Dispatches on a pool of daemon threads of its own, shut down by {@link #close()}. */
    public CommandDelivery(CommandGateway commandGateway, SagaProperties.Retry settings) {
        this(commandGateway, settings, daemonThreads());
    }

    /** Dispatches on {@code executor}, which stays the caller's to shut down. */
    public CommandDelivery(CommandGateway commandGateway, SagaProperties.Retry settings, Executor executor) {
        this(commandGateway, settings, executor, null);
    }

    private CommandDelivery(CommandGateway commandGateway, SagaProperties.Retry settings, ExecutorService owned) {
        this(commandGateway, settings, owned, owned);
    }

    private CommandDelivery(CommandGateway commandGateway, SagaProperties.Retry settings, Executor executor,
                            ExecutorService ownedExecutor) {
        this.commandGateway = Objects.requireNonNull(commandGateway, "commandGateway");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownedExecutor = ownedExecutor;
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialInterval(),
                        settings.multiplier(), settings.randomizationFactor(), settings.maxInterval()))
                .retryOnException(CommandDelivery::isTransient)
                .build();
    }

    /** Sends {@code command} for {@code orderId}; after the last failed retry, answers NOT_DELIVERED. */
    public DeliveryOutcome attempt(String orderId, Object command) {
        return send(orderId, command, false);
    }

    /**
     * Sends {@code command} for {@code orderId}; after the last failed retry, throws.
     *
     * @throws CommandNotDeliveredException when no decision could be had within the retries
     */
    public DeliveryOutcome deliver(String orderId, Object command) {
        return send(orderId, command, true);
    }

    private DeliveryOutcome send(String orderId, Object command, boolean mustDeliver) {
        String name = command.getClass().getSimpleName();
        // On the saga's own account: the customer whose order started it is in the metadata Axon copied from the
        // event (correlation data), and this replaces it, so the command handlers see the system role.
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command)
                                                         .andMetaData(Caller.ORDER_FULFILMENT.toMetaData());
        Retry retry = Retry.of(name + "@" + orderId, retryConfig);
        retry.getEventPublisher().onRetry(event -> log.warn(
                "Order {}: {} failed on attempt {} of {}, retrying in {} ms: {}", orderId, name,
                event.getNumberOfRetryAttempts(), settings.maxAttempts(), event.getWaitInterval().toMillis(),
                describe(event.getLastThrowable())));
        try {
            Retry.decorateCheckedSupplier(retry, () -> dispatchOnce(message)).get();
            return DeliveryOutcome.DONE;
        } catch (Throwable failure) {
            if (failure instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
            }
            if (isRefusal(failure)) {
                log.info("Order {}: {} refused: {}", orderId, name, describe(failure));
                return new DeliveryOutcome(DeliveryOutcome.Kind.REFUSED, messageOf(failure));
            }
            if (isUnknownTarget(failure)) {
                log.info("Order {}: {} found no target: {}", orderId, name, describe(failure));
                return new DeliveryOutcome(DeliveryOutcome.Kind.UNKNOWN_TARGET, messageOf(failure));
            }
            String summary = name + " for order " + orderId + " not delivered after " + settings.maxAttempts()
                    + " attempts: " + describe(failure);
            if (mustDeliver) {
                log.error("Order {}: {} failed {} times; failing the handler so that it is retried later: {}",
                        orderId, name, settings.maxAttempts(), describe(failure));
                throw new CommandNotDeliveredException(summary, failure);
            }
            log.error("Order {}: {} failed {} times; giving up on it: {}", orderId, name, settings.maxAttempts(),
                    describe(failure));
            return new DeliveryOutcome(DeliveryOutcome.Kind.NOT_DELIVERED, summary);
        }
    }

    private Object dispatchOnce(CommandMessage<?> message) throws Throwable {
        CompletableFuture<Object> decision = CompletableFuture
                .supplyAsync(() -> commandGateway.<Object>send(message), executor)
                .thenCompose(future -> future);
        try {
            return decision.get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw unwrap(failed);
        } catch (TimeoutException late) {
            throw new TimeoutException(message.getPayloadType().getSimpleName() + " got no decision within "
                    + settings.commandTimeout());
        }
    }

    /** Stops the dispatch threads if this component created them. */
    @Override
    public void close() {
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
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

    private static ExecutorService daemonThreads() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "saga-command-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
