package io.emporium.edge;

import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.edge.problem.ProblemTypes;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class EventHistoryEndpointTest extends EdgeWebTest {

    private static final Instant PLACED_AT = Instant.parse("2026-03-01T10:15:30.123Z");
    private static final Instant CANCELLED_AT = Instant.parse("2026-03-01T10:16:00Z");

    private static GenericDomainEventMessage<OrderPlaced> placed() {
        return new GenericDomainEventMessage<>(
                "Order", ORDER_ID, 0,
                new OrderPlaced(ORDER_ID, "customer-7", List.of(new OrderLine("MUG-001", 2)), "tok_visa", Identifiers.paymentIdFor(ORDER_ID)),
                Map.of("correlationId", "corr-1", "traceId", "trace-1"), "event-0", PLACED_AT);
    }

    private static GenericDomainEventMessage<OrderCancelled> cancelled() {
        return new GenericDomainEventMessage<>("Order", ORDER_ID, 1, new OrderCancelled(ORDER_ID, "changed mind"),
                                               Map.of(), "event-1", CANCELLED_AT);
    }

    @Test
    void rendersEachStoredEventWithSequenceTypeTimestampMetadataAndPayload() throws Exception {
        when(eventStore.readEvents(ORDER_ID, 0L)).thenReturn(DomainEventStream.of(placed(), cancelled()));

        mvc.perform(get("/api/admin/aggregates/{id}/events", ORDER_ID))
           .andExpect(status().isOk())
           .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
           .andExpect(jsonPath("$", hasSize(2)))
           .andExpect(jsonPath("$[0].sequence").value(0))
           .andExpect(jsonPath("$[0].type").value(OrderPlaced.class.getName()))
           .andExpect(jsonPath("$[0].timestamp").value("2026-03-01T10:15:30.123Z"))
           .andExpect(jsonPath("$[0].metadata.correlationId").value("corr-1"))
           .andExpect(jsonPath("$[0].metadata.traceId").value("trace-1"))
           .andExpect(jsonPath("$[0].payload.orderId").value(ORDER_ID))
           .andExpect(jsonPath("$[0].payload.lines[0].sku").value("MUG-001"))
           .andExpect(jsonPath("$[0].payload.lines[0].quantity").value(2))
           .andExpect(jsonPath("$[1].sequence").value(1))
           .andExpect(jsonPath("$[1].type").value(OrderCancelled.class.getName()))
           .andExpect(jsonPath("$[1].timestamp").value("2026-03-01T10:16:00Z"))
           .andExpect(jsonPath("$[1].payload.reason").value("changed mind"));
    }

    @Test
    void readsStoredEventsOnlyNeverTheSnapshotThatStartsAPlainRead() throws Exception {
        when(eventStore.readEvents(ORDER_ID, 0L)).thenReturn(DomainEventStream.of(placed()));

        mvc.perform(get("/api/admin/aggregates/{id}/events", ORDER_ID)).andExpect(status().isOk());

        verify(eventStore, never()).readEvents(anyString());
    }

    @Test
    void startsAtTheRequestedSequence() throws Exception {
        when(eventStore.readEvents(ORDER_ID, 1L)).thenReturn(DomainEventStream.of(cancelled()));

        mvc.perform(get("/api/admin/aggregates/{id}/events", ORDER_ID).param("fromSequence", "1"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$", hasSize(1)))
           .andExpect(jsonPath("$[0].sequence").value(1));
    }

    @Test
    void answersAnEmptyListWhenTheStreamExistsButEndsBeforeTheRequestedSequence() throws Exception {
        when(eventStore.readEvents(ORDER_ID, 5L)).thenReturn(DomainEventStream.empty());
        when(eventStore.readEvents(ORDER_ID, 0L)).thenReturn(DomainEventStream.of(placed()));

        mvc.perform(get("/api/admin/aggregates/{id}/events", ORDER_ID).param("fromSequence", "5"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void answers404ProblemForAnAggregateWithoutEvents() throws Exception {
        when(eventStore.readEvents(anyString(), anyLong())).thenReturn(DomainEventStream.empty());

        mvc.perform(get("/api/admin/aggregates/{id}/events", "NOTHING-HERE"))
           .andExpect(status().isNotFound())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.type").value(ProblemTypes.NOT_FOUND.toString()))
           .andExpect(jsonPath("$.detail").value("no events for aggregate NOTHING-HERE"));
    }

    @Test
    void refusesANegativeStartingSequence() throws Exception {
        mvc.perform(get("/api/admin/aggregates/{id}/events", ORDER_ID).param("fromSequence", "-1"))
           .andExpect(status().isBadRequest())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.errors[0].field").value("fromSequence"));
        verify(eventStore, never()).readEvents(anyString(), anyLong());
    }

    @Test
    void refusesAStartingSequenceThatIsNotANumber() throws Exception {
        mvc.perform(get("/api/admin/aggregates/{id}/events", ORDER_ID).param("fromSequence", "first"))
           .andExpect(status().isBadRequest())
           .andExpect(jsonPath("$.errors[0].field").value("fromSequence"))
           .andExpect(jsonPath("$.errors[0].message").value("must be an integer"));
    }

    @Test
    void passesTheIdentifierToTheStoreUnchanged() throws Exception {
        when(eventStore.readEvents(eq("MUG-001"), eq(0L))).thenReturn(DomainEventStream.empty());

        mvc.perform(get("/api/admin/aggregates/{id}/events", "MUG-001")).andExpect(status().isNotFound());

        verify(eventStore).readEvents("MUG-001", 0L);
    }
}
