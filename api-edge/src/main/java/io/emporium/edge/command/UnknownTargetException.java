package io.emporium.edge.command;

/** The aggregate a command was sent to does not exist. */
public class UnknownTargetException extends RuntimeException {

    private final transient CommandTarget target;

    public UnknownTargetException(CommandTarget target, Throwable cause) {
        super("no " + target.kind() + " with id " + target.id(), cause);
        this.target = target;
    }

    public CommandTarget target() {
        return target;
    }
}
