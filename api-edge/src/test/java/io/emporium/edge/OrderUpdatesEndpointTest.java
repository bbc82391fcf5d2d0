package io.emporium.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.query.FindOrder;
import io.emporium.messages.query.OrderView;
import io.emporium.messages.query.StatusChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class OrderUpdatesEndpointTest extends EdgeWebTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static OrderView withHistory(StatusChange... changes) {
        List<StatusChange> history = List.of(changes);
        return new OrderView(ORDER_ID, "customer-7", history.get(history.size() - 1).status(), T0, List.of(), null,
                             history);
    }

    private static StatusChange change(OrderStatus status, int second, String reason) {
        return new StatusChange(status, T0.plusSeconds(second), reason);
    }

    private final AtomicBoolean subscriptionClosed = new AtomicBoolean();

    private void givenSubscription(Mono<OrderView> initial, Flux<OrderView> updates) {
        when(queryGateway.subscriptionQuery(eq(new FindOrder(ORDER_ID)), any(ResponseType.class),
                                            any(ResponseType.class)))
                .thenReturn(new DefaultSubscriptionQueryResult<>(initial, updates, () -> {
                    subscriptionClosed.set(true);
                    return true;
                }));
    }

    private String stream() throws Exception {
        MvcResult started = mvc.perform(get("/api/orders/{id}/updates", ORDER_ID))
                               .andExpect(request().asyncStarted())
                               .andReturn();
        mvc.perform(asyncDispatch(started)).andExpect(status().isOk());
        return started.getResponse().getContentAsString();
    }

    private static List<String> events(String body) {
        List<String> names = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                names.add(line.substring(5));
            }
        }
        return names;
    }

    @Test
    void pushesEachStatusChangeInOrderAndEndsAtTheFinalStatus() throws Exception {
        StatusChange pending = change(OrderStatus.PENDING, 0, null);
        StatusChange confirmed = change(OrderStatus.CONFIRMED, 5, "paid");
        givenSubscription(Mono.just(withHistory(pending)),
                          Flux.just(withHistory(pending), withHistory(pending, confirmed))
                              .concatWith(Flux.never()));

        String body = stream();

        assertThat(body).contains("event:status");
        List<String> data = events(body);
        assertThat(data).hasSize(2);
        assertThat(data.get(0)).contains("\"status\":\"PENDING\"");
        assertThat(data.get(1)).contains("\"status\":\"CONFIRMED\"").contains("\"reason\":\"paid\"");
        assertThat(subscriptionClosed).isTrue();
    }

    @Test
    void sendsChangesThatArrivedTogetherOneByOne() throws Exception {
        StatusChange pending = change(OrderStatus.PENDING, 0, null);
        StatusChange cancelled = change(OrderStatus.CANCELLED, 3, "changed my mind");
        givenSubscription(Mono.empty(), Flux.just(withHistory(pending, cancelled)).concatWith(Flux.never()));

        List<String> data = events(stream());

        assertThat(data).hasSize(2);
        assertThat(data.get(0)).contains("PENDING");
        assertThat(data.get(1)).contains("CANCELLED");
    }

    @Test
    void refusesAnOrderIdThatIsNotACanonicalUuid() throws Exception {
        mvc.perform(get("/api/orders/{id}/updates", "nope"))
           .andExpect(status().isBadRequest());
    }
}
