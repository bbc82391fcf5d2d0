package io.emporium.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.query.FindProduct;
import io.emporium.messages.query.ProductView;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** ETag from the aggregate's version on reads, If-Match as the expected version of commands. */
class VersionPreconditionsTest extends EdgeWebTest {

    private org.springframework.test.web.servlet.ResultActions receive(String ifMatch) throws Exception {
        return mvc.perform(post("/api/products/{sku}/stock", "MUG-001").contentType(MediaType.APPLICATION_JSON)
                                                                       .content("{\"quantity\": 2}")
                                                                       .header(HttpHeaders.IF_MATCH, ifMatch));
    }

    @Test
    void aProductIsReadWithItsAggregateVersionAsETag() throws Exception {
        when(queryGateway.query(eq(new FindProduct("MUG-001")), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(
                        new ProductView("MUG-001", "Mug", Money.of(1250, "EUR"), 10, 2, 8)));
        when(eventStore.lastSequenceNumberFor("MUG-001")).thenReturn(Optional.of(4L));

        mvc.perform(get("/api/products/{sku}", "MUG-001"))
           .andExpect(status().isOk())
           .andExpect(header().string(HttpHeaders.ETAG, "\"4\""));
    }

    @Test
    void ifMatchBecomesTheCommandsExpectedVersion() throws Exception {
        givenCommandsAreAccepted();

        receive("\"4\"").andExpect(status().isOk());

        assertThat(sentCommand(ReceiveStock.class).expectedVersion()).isEqualTo(4L);
    }

    @Test
    void aStaleIfMatchIsAnswered412() throws Exception {
        givenCommandsFailWith(new ConflictingAggregateVersionException("MUG-001", 4, 6));

        receive("\"4\"").andExpect(status().isPreconditionFailed())
                        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(jsonPath("$.type").value("urn:emporium:problem:precondition-failed"))
                        .andExpect(jsonPath("$.code").value("version-mismatch"));
    }

    @Test
    void aWeakTagNeverMatchesAndAMalformedOneIsABadRequest() throws Exception {
        receive("W/\"4\"").andExpect(status().isPreconditionFailed())
                          .andExpect(jsonPath("$.type").value("urn:emporium:problem:precondition-failed"));
        receive("four").andExpect(status().isBadRequest())
                       .andExpect(jsonPath("$.errors[0].field").value("If-Match"));
        verifyNoInteractions(commandGateway);
    }
}
