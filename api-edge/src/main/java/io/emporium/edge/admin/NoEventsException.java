package io.emporium.edge.admin;

/** The event store holds no event for the identifier: no aggregate by that id exists. */
public class NoEventsException extends RuntimeException {

    private final String aggregateId;

    public NoEventsException(String aggregateId) {
        super("no events for aggregate " + aggregateId);
        this.aggregateId = aggregateId;
    }

    public String aggregateId() {
        return aggregateId;
    }
}
