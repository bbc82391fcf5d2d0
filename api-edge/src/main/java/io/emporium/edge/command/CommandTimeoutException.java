package io.emporium.edge.command;

import java.time.Duration;

/** No decision arrived in time. The command may still be decided later; the client may repeat it. */
public class CommandTimeoutException extends RuntimeException {

    private final transient Duration timeout;

    public CommandTimeoutException(String commandName, Duration timeout, Throwable cause) {
        super(commandName + " was not decided within " + timeout, cause);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
