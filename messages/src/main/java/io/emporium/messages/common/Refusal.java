package io.emporium.messages.common;

/** A command refusal as a serializable value: travels as the details of a remote command failure. */
public record Refusal(RefusalKind kind, String code, String message) {

    public CommandRefusedException toException() {
        return new CommandRefusedException(kind, code, message);
    }
}
