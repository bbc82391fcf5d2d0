package io.emporium.edge.command;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Aggregate versions as HTTP entity tags. A read answers {@code ETag: "<n>"}, where n is the sequence number of the
 * aggregate's newest stored event; a command sent with {@code If-Match: "<n>"} carries n as its expected version,
 * and the aggregate refuses it (412) when it has moved on. {@code If-Match: *} asks for nothing but existence. A weak
 * tag ({@code W/"n"}) never matches, as RFC 9110 says of {@code If-Match}; anything else is malformed (400).
 */
public final class AggregateVersions {

    private static final Pattern STRONG = Pattern.compile("\"(\\d{1,18})\"");

    private final EventStore eventStore;

    public AggregateVersions(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** The entity tag of the aggregate's current version, if it has events. */
    public Optional<String> etagOf(String aggregateId) {
        return eventStore.lastSequenceNumberFor(aggregateId).map(version -> "\"" + version + "\"");
    }

    /** The expected version an {@code If-Match} header asks for: null when there is none or it is {@code *}. */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || "*".equals(ifMatch.trim())) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/\"")) {
            throw new PreconditionFailedException("If-Match " + value + " is a weak tag, which never matches; send the"
                    + " ETag of the latest read as it was given");
        }
        Matcher strong = STRONG.matcher(value);
        if (!strong.matches()) {
            throw new MalformedIfMatchException("If-Match must be one entity tag as an ETag gives it (\"3\") or *,"
                    + " was " + (value.length() > 40 ? value.substring(0, 40) + "..." : value));
        }
        return Long.parseLong(strong.group(1));
    }

    /** An {@code If-Match} that cannot match (answered 412). */
    public static final class PreconditionFailedException extends RuntimeException {
        public PreconditionFailedException(String message) {
            super(message);
        }
    }

    /** An {@code If-Match} that is not an entity tag (answered 400). */
    public static final class MalformedIfMatchException extends RuntimeException {
        public MalformedIfMatchException(String message) {
            super(message);
        }
    }
}
