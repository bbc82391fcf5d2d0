package io.emporium.edge.query;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import reactor.core.publisher.Mono;

/**
 * Sends queries through Axon's {@link QueryGateway} and waits for the answer at most
 * {@code emporium.edge.queries.timeout}. A handler's failure is rethrown as it was thrown, for the edge's
 * exception handler to translate; no answer in time becomes a {@link QueryTimeoutException}.
 */
public class QueryDispatcher {

    private final QueryGateway queryGateway;
    private final Duration timeout;

    public QueryDispatcher(QueryGateway queryGateway, QueryProperties properties) {
        this.queryGateway = queryGateway;
        this.timeout = properties.timeout();
    }

    /** The answer to {@code query}, or {@code null} when the handler answered with no view. */
    public <R> R ask(Object query, Class<R> answerType) {
        return ask(query, answerType, timeout);
    }

    /** As {@link #ask(Object, Class)}, waiting at most {@code timeout} (for a query known to take long). */
    public <R> R ask(Object query, Class<R> answerType, Duration timeout) {
        String name = query.getClass().getSimpleName();
        try {
            return queryGateway.query(query, ResponseTypes.instanceOf(answerType))
                               .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            throw new QueryTimeoutException(name, timeout, late);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new QueryTimeoutException(name, timeout, interrupted);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause() == null ? failed : failed.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(name + " failed", cause);
        }
    }

    /**
     * The first view that answers {@code query} within {@code wait}: the current one if there is one, else
     * the first one the projection announces afterwards (a subscription query, so nothing that happens
     * between asking and listening is missed). {@code null} when none came in time.
     */
    public <R> R awaitFirst(Object query, Class<R> viewType, Duration wait) {
        SubscriptionQueryResult<R, R> result = queryGateway.subscriptionQuery(
                query, ResponseTypes.instanceOf(viewType), ResponseTypes.instanceOf(viewType));
        try {
            return result.initialResult()
                         .concatWith(result.updates())
                         .next()
                         .timeout(wait, Mono.empty())
                         .block();
        } finally {
            result.close();
        }
    }
}
