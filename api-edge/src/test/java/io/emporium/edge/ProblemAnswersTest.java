package io.emporium.edge;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.edge.problem.ProblemTypes;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Refusal;
import io.emporium.messages.common.RefusalKind;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class ProblemAnswersTest extends EdgeWebTest {

    private ResultActions cancelOrder() throws Exception {
        return mvc.perform(post("/api/orders/{id}/cancel", ORDER_ID));
    }

    private ResultActions receiveStock() throws Exception {
        return mvc.perform(post("/api/products/{sku}/stock", "MUG-001").contentType(MediaType.APPLICATION_JSON)
                                                                      .content("{\"quantity\": 1}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"NOT_FOUND, 404", "CONFLICT, 409", "RULE_VIOLATED, 422"})
    void mapsEachRefusalKindToItsStatusWithTheCodeAndMessage(RefusalKind kind, int expectedStatus) throws Exception {
        givenCommandsFailWith(new CommandRefusedException(kind, "order-not-pending", "order is already confirmed"));

        cancelOrder()
                .andExpect(status().is(expectedStatus))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:emporium:problem:refused:order-not-pending"))
                .andExpect(jsonPath("$.code").value("order-not-pending"))
                .andExpect(jsonPath("$.kind").value(kind.name()))
                .andExpect(jsonPath("$.detail").value("order is already confirmed"))
                .andExpect(jsonPath("$.status").value(expectedStatus));
    }

    @Test
    void mapsARefusalWrappedInOtherExceptions() throws Exception {
        givenCommandsFailWith(new CompletionException(new IllegalStateException(
                "wrapper", CommandRefusedException.conflict("order-id-already-used", "order id is taken"))));

        cancelOrder()
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("order-id-already-used"));
    }

    @Test
    void mapsARefusalThrownWhileSending() throws Exception {
        when(commandGateway.send(any())).thenThrow(
                CommandRefusedException.ruleViolated("over-limit", "too much"));

        cancelOrder()
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("over-limit"));
    }

    @Test
    void mapsARemoteRefusalCarriedAsCommandExecutionDetails() throws Exception {
        givenCommandsFailWith(new CommandExecutionException(
                "remote failure", null, new Refusal(RefusalKind.RULE_VIOLATED, "insufficient-stock", "only 2 left")));

        receiveStock()
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.type").value("urn:emporium:problem:refused:insufficient-stock"))
                .andExpect(jsonPath("$.code").value("insufficient-stock"))
                .andExpect(jsonPath("$.detail").value("only 2 left"));
    }

    @Test
    void answers404NamingTheProductWhenTheAggregateDoesNotExist() throws Exception {
        givenCommandsFailWith(new AggregateNotFoundException("MUG-001", "The aggregate was not found"));

        receiveStock()
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(ProblemTypes.NOT_FOUND.toString()))
                .andExpect(jsonPath("$.detail").value("no product with id MUG-001"));
    }

    @Test
    void answers404NamingTheProductWhenARemoteHandlerFindsNoAggregate() throws Exception {
        // Over Axon Server the service translates AggregateNotFoundException into this refusal (RemoteFailures).
        givenCommandsFailWith(new CommandExecutionException(
                "remote failure", null, Refusal.aggregateNotFound("MUG-001", null)));

        receiveStock()
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(ProblemTypes.NOT_FOUND.toString()))
                .andExpect(jsonPath("$.detail").value("no product with id MUG-001"));
    }

    @Test
    void mapsARemoteRefusalCarriedAsQueryExecutionDetails() throws Exception {
        when(queryGateway.query(any(), any(ResponseType.class))).thenReturn(CompletableFuture.failedFuture(
                new QueryExecutionException("remote failure", null,
                                            new Refusal(RefusalKind.CONFLICT, "replay-not-possible", "claimed"))));

        mvc.perform(get("/api/products"))
           .andExpect(status().isConflict())
           .andExpect(jsonPath("$.code").value("replay-not-possible"));
    }

    @Test
    void answers404NamingTheOrderWhenTheAggregateDoesNotExist() throws Exception {
        givenCommandsFailWith(new AggregateNotFoundException(ORDER_ID, "The aggregate was not found"));

        cancelOrder()
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("no order with id " + ORDER_ID));
    }

    @Test
    void answers404NamingThePaymentWhenTheAggregateDoesNotExist() throws Exception {
        givenCommandsFailWith(new AggregateNotFoundException(PAYMENT_ID, "The aggregate was not found"));

        mvc.perform(post("/api/payments/{id}/refunds", PAYMENT_ID).contentType(MediaType.APPLICATION_JSON)
                                                                 .content("{\"refundId\": \"r\", \"reason\": \"r\"}"))
           .andExpect(status().isNotFound())
           .andExpect(jsonPath("$.detail").value("no payment with id " + PAYMENT_ID));
    }

    @Test
    void answers404NamingThePaymentWhenTheIdHoldsAnOrder() throws Exception {
        // An order id given as a payment id: Axon replays the order's events into a payment and finds no identifier.
        givenCommandsFailWith(new IncompatibleAggregateException("Aggregate identifier must be non-null"));

        mvc.perform(post("/api/payments/{id}/refunds", PAYMENT_ID).contentType(MediaType.APPLICATION_JSON)
                                                                 .content("{\"refundId\": \"r\", \"reason\": \"r\"}"))
           .andExpect(status().isNotFound())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.type").value(ProblemTypes.NOT_FOUND.toString()))
           .andExpect(jsonPath("$.detail").value("no payment with id " + PAYMENT_ID));
    }

    @Test
    void answers409WhenAConcurrentCommandChangedTheAggregate() throws Exception {
        givenCommandsFailWith(new ConcurrencyException("version conflict"));

        cancelOrder()
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(ProblemTypes.CONCURRENT_MODIFICATION.toString()))
                .andExpect(jsonPath("$.detail").value(not(containsString("version conflict"))));
    }

    @Test
    void answers409WhenTwoRequestsCreateTheSameAggregateAtOnce() throws Exception {
        givenCommandsFailWith(new AggregateStreamCreationException("stream exists"));

        receiveStock()
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(ProblemTypes.CONCURRENT_MODIFICATION.toString()));
    }

    @Test
    void answers503WithRetryAfterWhenNoDecisionArrivesInTime() throws Exception {
        when(commandGateway.send(any())).thenReturn(new CompletableFuture<>());

        cancelOrder()
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(ProblemTypes.COMMAND_TIMEOUT.toString()))
                .andExpect(jsonPath("$.detail").value(containsString("300 ms")));
    }

    @Test
    void answers503WithRetryAfterWhenNoHandlerIsConnected() throws Exception {
        givenCommandsFailWith(new NoHandlerForCommandException("No handler for CancelOrder"));

        cancelOrder()
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.type").value(ProblemTypes.UNAVAILABLE.toString()));
    }

    @Test
    void answers500WithAnErrorIdAndNothingOfTheExceptionWhenSomethingUnexpectedFails() throws Exception {
        givenCommandsFailWith(new IllegalStateException("database password is hunter2"));

        cancelOrder()
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(ProblemTypes.INTERNAL_ERROR.toString()))
                .andExpect(jsonPath("$.errorId").value(matchesPattern("[0-9a-f-]{36}")))
                .andExpect(content().string(not(containsString("hunter2"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))))
                .andExpect(content().string(not(containsString("trace"))));
    }

    @Test
    void answers500WithoutLeakingWhenACheckedExceptionFailsTheCommand() throws Exception {
        givenCommandsFailWith(new IOException("disk /secret full"));

        cancelOrder()
                .andExpect(status().isInternalServerError())
                .andExpect(content().string(not(containsString("/secret"))));
    }

    @Test
    void answers404ProblemForAnUnknownRoute() throws Exception {
        mvc.perform(get("/api/nowhere"))
           .andExpect(status().isNotFound())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.status").value(404))
           .andExpect(jsonPath("$.type").value("urn:emporium:problem:no-such-endpoint"));
    }

    @Test
    void answers405ProblemForAMethodTheRouteDoesNotAllow() throws Exception {
        mvc.perform(delete("/api/products"))
           .andExpect(status().isMethodNotAllowed())
           .andExpect(header().exists("Allow"))
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.status").value(405))
           .andExpect(jsonPath("$.type").value("urn:emporium:problem:method-not-allowed"));
    }

    @Test
    void answers415ProblemForAPlainTextBody() throws Exception {
        mvc.perform(post("/api/orders").contentType(MediaType.TEXT_PLAIN).content("an order please"))
           .andExpect(status().isUnsupportedMediaType())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.status").value(415))
           .andExpect(jsonPath("$.type").value("urn:emporium:problem:unsupported-media-type"));
        verifyNoInteractions(commandGateway);
    }

    @Test
    void answers406ProblemWhenTheClientAcceptsOnlyXml() throws Exception {
        mvc.perform(get("/api/admin/aggregates/{id}/events", ORDER_ID).accept(MediaType.APPLICATION_XML))
           .andExpect(status().isNotAcceptable())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.status").value(406))
           .andExpect(jsonPath("$.type").value("urn:emporium:problem:not-acceptable"));
    }

    @Test
    void answers406ProblemJsonEvenWhenTheClientAcceptsOnlyHtml() throws Exception {
        mvc.perform(get("/api/products").accept(MediaType.TEXT_HTML))
           .andExpect(status().isNotAcceptable())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.type").value("urn:emporium:problem:not-acceptable"));
    }

    @Test
    void answers413ProblemForABodyAboveTheLimitWithoutReadingIt() throws Exception {
        String huge = "{\"quantity\": 1, \"padding\": \"" + "x".repeat(70 * 1024) + "\"}";
        mvc.perform(post("/api/products/{sku}/stock", "MUG-001").contentType(MediaType.APPLICATION_JSON).content(huge))
           .andExpect(status().isPayloadTooLarge())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.type").value("urn:emporium:problem:payload-too-large"))
           .andExpect(jsonPath("$.maxBytes").value(64 * 1024));
        verifyNoInteractions(commandGateway);
    }
}
