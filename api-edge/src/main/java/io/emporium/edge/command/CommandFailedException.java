package io.emporium.edge.command;

/** A command handler failed with a checked exception; carries it so that it can be unwrapped and logged. */
public class CommandFailedException extends RuntimeException {

    public CommandFailedException(String commandName, Throwable cause) {
        super(commandName + " failed", cause);
    }
}
