package io.emporium.edge;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.projection.DeadLetterRetryResult;
import io.emporium.messages.projection.DeadLetterView;
import io.emporium.messages.projection.DeadLetters;
import io.emporium.messages.projection.EvictDeadLetters;
import io.emporium.messages.projection.FindDeadLetters;
import io.emporium.messages.projection.FindProjectionStatuses;
import io.emporium.messages.projection.ProjectionStatus;
import io.emporium.messages.projection.ProjectionStatuses;
import io.emporium.messages.projection.RebuildPhase;
import io.emporium.messages.projection.RebuildStatus;
import io.emporium.messages.projection.ReplayProjection;
import io.emporium.messages.projection.StartRebuild;
import io.emporium.messages.projection.RetryDeadLetters;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ProjectionAdminEndpointsTest extends EdgeWebTest {

    @Test
    void listsEveryProjectionWithPositionsHeadLagAndReplayProgress() throws Exception {
        when(queryGateway.query(eq(new FindProjectionStatuses()), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new ProjectionStatuses(List.of(
                        new ProjectionStatus("order-views", true, false, true, 4, 10L, 40L, 50L, 40L, 20)))));

        mvc.perform(get("/api/admin/projections"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.projections[0].name").value("order-views"))
           .andExpect(jsonPath("$.projections[0].replaying").value(true))
           .andExpect(jsonPath("$.projections[0].lag").value(40))
           .andExpect(jsonPath("$.projections[0].replayProgressPercent").value(20));
    }

    @Test
    void startsARebuildOfTheNamedProjectionsAndAnswers202WithItsStatusAndLocation() throws Exception {
        RebuildStatus status = new RebuildStatus(7, List.of("order-views"), RebuildPhase.REBUILDING, 2,
                                                 Instant.parse("2026-12-04T10:00:00Z"), null, 50L, null, 50L, 0, 51,
                                                 null, null, 0, null, 5000);
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(status));

        mvc.perform(post("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON)
                                               .content("{\"projections\":[\"order-views\"]}"))
           .andExpect(status().isAccepted())
           .andExpect(header().string("Location", "/api/admin/rebuilds/7"))
           .andExpect(jsonPath("$.phase").value("REBUILDING"))
           .andExpect(jsonPath("$.eventsTotal").value(51))
           .andExpect(jsonPath("$.maxEventsPerSecond").value(5000));

        org.assertj.core.api.Assertions.assertThat(sentCommand(StartRebuild.class))
                                       .isEqualTo(new StartRebuild(List.of("order-views")));
    }

    @Test
    void aRebuildRequestCarriesItsBoundOnTheRateToTheCommand() throws Exception {
        RebuildStatus status = new RebuildStatus(8, List.of("order-views"), RebuildPhase.REBUILDING, 2,
                                                 Instant.parse("2026-12-04T10:00:00Z"), null, 50L, null, 50L, 0, 51,
                                                 null, null, 0, null, null);
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(status));

        mvc.perform(post("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON)
                                               .content("{\"maxEventsPerSecond\":0}"))
           .andExpect(status().isAccepted());

        org.assertj.core.api.Assertions.assertThat(sentCommand(StartRebuild.class))
                                       .isEqualTo(new StartRebuild(List.of(), 0));
    }

    @Test
    void aRebuildRequestNamingNoneTooManyOrBlankProjectionsIsRefusedBeforeAnyCommand() throws Exception {
        mvc.perform(post("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON).content("{\"projections\":[]}"))
           .andExpect(status().isBadRequest());
        mvc.perform(post("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON))
           .andExpect(status().isBadRequest());
        mvc.perform(post("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON)
                                               .content("{\"projections\":[\" \"]}"))
           .andExpect(status().isBadRequest())
           .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON)
                                               .content("{\"projections\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\","
                                                                + "\"g\",\"h\",\"i\",\"j\",\"k\"]}"))
           .andExpect(status().isBadRequest());
        mvc.perform(post("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON)
                                               .content("{\"maxEventsPerSecond\":-1}"))
           .andExpect(status().isBadRequest())
           .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        org.mockito.Mockito.verifyNoInteractions(commandGateway);
    }

    @Test
    void startsAReplayThroughTheCommandGateway() throws Exception {
        givenCommandsAreAccepted();

        mvc.perform(post("/api/admin/projections/{name}/replay", "order-views"))
           .andExpect(status().isAccepted())
           .andExpect(header().string("Location", "/api/admin/projections"));

        org.assertj.core.api.Assertions.assertThat(sentCommand(ReplayProjection.class))
                                       .isEqualTo(new ReplayProjection("order-views"));
    }

    @Test
    void answers404ProblemForAnUnknownProjection() throws Exception {
        givenCommandsFailWith(CommandRefusedException.notFound("unknown-projection", "No projection named 'x'"));

        mvc.perform(post("/api/admin/projections/{name}/replay", "x"))
           .andExpect(status().isNotFound())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.code").value("unknown-projection"));
    }

    @Test
    void listsDeadLetters() throws Exception {
        when(queryGateway.query(eq(new FindDeadLetters()), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new DeadLetters(List.of(
                        new DeadLetterView("order-views", ORDER_ID, "io.emporium.messages.order.OrderPlaced",
                                           "DataIntegrityViolationException: check", Instant.parse(
                                "2026-03-01T10:00:00Z"))))));

        mvc.perform(get("/api/admin/dead-letters"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.letters[0].group").value("order-views"))
           .andExpect(jsonPath("$.letters[0].sequenceId").value(ORDER_ID))
           .andExpect(jsonPath("$.letters[0].enqueuedAt").value("2026-03-01T10:00:00Z"));
    }

    @Test
    void retriesAGroupAndReportsWhatIsLeft() throws Exception {
        when(commandGateway.send(eq(new RetryDeadLetters("order-views"))))
                .thenReturn(CompletableFuture.completedFuture(new DeadLetterRetryResult("order-views", 1, 0)));

        mvc.perform(post("/api/admin/dead-letters/{group}/retry", "order-views"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.sequencesProcessed").value(1))
           .andExpect(jsonPath("$.lettersRemaining").value(0));
    }

    @Test
    void evictsASequence() throws Exception {
        givenCommandsAreAccepted();

        mvc.perform(delete("/api/admin/dead-letters/{group}/{sequence}", "order-views", ORDER_ID))
           .andExpect(status().isNoContent());

        org.assertj.core.api.Assertions.assertThat(sentCommand(EvictDeadLetters.class))
                                       .isEqualTo(new EvictDeadLetters("order-views", ORDER_ID));
    }
}
