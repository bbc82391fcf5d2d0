package io.emporium.saga;

/**
 * A command the saga must not drop (a compensation, a confirmation, a commit) could not be delivered within its
 * retries. Thrown out of the saga's handler on purpose: the handler's transaction rolls back, the event (or
 * deadline) is not marked as handled, and the processor (or the deadline scheduler) hands it to the saga again
 * later, after a restart too. Every command the saga sends is idempotent, so doing the handler again is safe.
 */
public class CommandNotDeliveredException extends RuntimeException {

    public CommandNotDeliveredException(String message, Throwable cause) {
        super(message, cause);
    }
}
