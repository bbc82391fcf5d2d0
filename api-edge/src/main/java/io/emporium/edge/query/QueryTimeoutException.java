package io.emporium.edge.query;

import java.time.Duration;

/** A query was not answered in time. */
public class QueryTimeoutException extends RuntimeException {

    private final Duration timeout;

    public QueryTimeoutException(String queryName, Duration timeout, Throwable cause) {
        super(queryName + " not answered within " + timeout, cause);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
