package io.emporium.messages.common;

/** A command refusal as a serializable value: travels as the details of a remote command failure. */
public record Refusal(RefusalKind kind, String code, String message) {

    /**
     * The code of a refusal that stands for "no aggregate with that id": the form a missing aggregate takes when
     * the failure crosses Axon Server, where Axon's own exception types do not survive.
     */
    public static final String AGGREGATE_NOT_FOUND = "aggregate-not-found";
    /** The code of a {@link RefusalKind#PRECONDITION_FAILED}: the aggregate is not at the expected version. */
    public static final String VERSION_MISMATCH = "version-mismatch";

    /** The refusal for a command whose target aggregate does not exist. */
    public static Refusal aggregateNotFound(String aggregateId, String message) {
        return new Refusal(RefusalKind.NOT_FOUND, AGGREGATE_NOT_FOUND,
                           message == null ? "no aggregate with id " + aggregateId : message);
    }

    /** Whether this refusal says that the command's target aggregate does not exist. */
    public boolean marksMissingAggregate() {
        return kind == RefusalKind.NOT_FOUND && AGGREGATE_NOT_FOUND.equals(code);
    }

    public CommandRefusedException toException() {
        return new CommandRefusedException(kind, code, message);
    }
}
