package io.emporium.edge.query;

import io.emporium.messages.query.FindOrder;
import io.emporium.messages.query.OrderView;
import io.emporium.messages.query.StatusChange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;

/**
 * Live status changes of one order as server-sent events, from a subscription query on {@link FindOrder}.
 * Each event is named {@code status} and carries a {@link StatusChange}; its id is the change's position
 * in the order's history. The stream ends once the order reaches a final status, after
 * {@code emporium.edge.queries.updates-lifetime} at the latest, and its subscription is closed as soon as
 * the client goes away. An order not projected yet simply sends nothing until it is.
 */
public class OrderUpdates {

    private static final Logger log = LoggerFactory.getLogger(OrderUpdates.class);

    private final QueryGateway queryGateway;
    private final Duration lifetime;

    public OrderUpdates(QueryGateway queryGateway, QueryProperties properties) {
        this.queryGateway = queryGateway;
        this.lifetime = properties.updatesLifetime();
    }

    public SseEmitter stream(String orderId) {
        SseEmitter emitter = new SseEmitter(lifetime.toMillis());
        SubscriptionQueryResult<OrderView, OrderView> result = queryGateway.subscriptionQuery(
                new FindOrder(orderId), ResponseTypes.instanceOf(OrderView.class),
                ResponseTypes.instanceOf(OrderView.class));
        StatusChangeStream changes = new StatusChangeStream();
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closeQuery = () -> {
            if (closed.compareAndSet(false, true)) {
                result.close();
            }
        };
        int[] position = {0};
        Disposable subscription = result
                .initialResult()
                .concatWith(result.updates())
                .concatMapIterable(changes::newChanges)
                .takeUntil(change -> change.status().isFinal())
                .doFinally(signal -> closeQuery.run())
                .subscribe(change -> send(emitter, change, position[0]++),
                           emitter::completeWithError,
                           emitter::complete);
        Runnable close = () -> {
            subscription.dispose();
            closeQuery.run();
        };
        emitter.onCompletion(close);
        emitter.onError(failure -> close.run());
        emitter.onTimeout(() -> {
            close.run();
            emitter.complete();
        });
        return emitter;
    }

    private static void send(SseEmitter emitter, StatusChange change, int position) {
        try {
            emitter.send(SseEmitter.event()
                                   .name("status")
                                   .id(Integer.toString(position))
                                   .data(change, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            log.debug("Order update not delivered, the client has gone: {}", gone.getMessage());
            emitter.completeWithError(gone);
        }
    }
}
