package io.emporium.messages.common;

/**
 * Thrown by a command handler that refuses a command. It carries a stable {@code code} a client can
 * program against and a message a person can read. A refusal never appends an event.
 */
public class CommandRefusedException extends RuntimeException {

    private final RefusalKind kind;
    private final String code;

    public CommandRefusedException(RefusalKind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public static CommandRefusedException conflict(String code, String message) {
        return new CommandRefusedException(RefusalKind.CONFLICT, code, message);
    }

    public static CommandRefusedException ruleViolated(String code, String message) {
        return new CommandRefusedException(RefusalKind.RULE_VIOLATED, code, message);
    }

    public static CommandRefusedException notFound(String code, String message) {
        return new CommandRefusedException(RefusalKind.NOT_FOUND, code, message);
    }

    public static CommandRefusedException forbidden(String code, String message) {
        return new CommandRefusedException(RefusalKind.FORBIDDEN, code, message);
    }

    public RefusalKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** The refusal as a plain value, for transports that cannot carry exception types. */
    public Refusal toRefusal() {
        return new Refusal(kind, code, getMessage());
    }
}
