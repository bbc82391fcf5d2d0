package io.emporium.edge.admin;

import io.emporium.edge.apidoc.ApiTags;
import io.emporium.edge.command.CommandDispatcher;
import io.emporium.edge.command.CommandTarget;
import io.emporium.edge.query.QueryDispatcher;
import io.emporium.messages.saga.EvictParkedSagaEvent;
import io.emporium.messages.saga.FindParkedSagaEvents;
import io.emporium.messages.saga.ParkedSagaEvents;
import io.emporium.messages.saga.RetryParkedSagaEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints of the order saga's parked events (decision 0044), through the contract's saga messages:
 * <ul>
 *   <li>{@code GET /api/admin/saga/parked-events}: events the saga's processor parked after they kept failing;</li>
 *   <li>{@code POST /api/admin/saga/parked-events/{eventId}/retry}: hand one to the saga again (204 once it was
 *       handled and is no longer parked; 409 problem+json if it failed again, and it stays parked);</li>
 *   <li>{@code DELETE /api/admin/saga/parked-events/{eventId}}: drop one without handling it (204).</li>
 * </ul>
 * An unknown event answers 404 problem+json.
 */
@Tag(name = ApiTags.ADMIN)
@RestController
public class SagaAdminController {

    private final QueryDispatcher queries;
    private final CommandDispatcher commands;

    public SagaAdminController(QueryDispatcher queries, CommandDispatcher commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Operation(summary = "List parked saga events",
               description = "Saga events whose handling kept failing, parked so that the events behind them go on.")
    @GetMapping(path = "/api/admin/saga/parked-events", produces = MediaType.APPLICATION_JSON_VALUE)
    public ParkedSagaEvents parkedEvents() {
        return queries.ask(new FindParkedSagaEvents(), ParkedSagaEvents.class);
    }

    @Operation(summary = "Retry a parked saga event",
               description = "Hands the event to the saga again; once handled it is no longer parked (204). If it "
                       + "fails again it stays parked with the new cause (409).")
    @PostMapping(path = "/api/admin/saga/parked-events/{eventId}/retry")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public ResponseEntity<Void> retryParkedEvent(@PathVariable @Size(max = 255) String eventId) {
        commands.dispatch(new RetryParkedSagaEvent(eventId), parkedEvent(eventId));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Drop a parked saga event",
               description = "Removes a parked event without handling it: its saga never sees it.")
    @DeleteMapping(path = "/api/admin/saga/parked-events/{eventId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public ResponseEntity<Void> evictParkedEvent(@PathVariable @Size(max = 255) String eventId) {
        commands.dispatch(new EvictParkedSagaEvent(eventId), parkedEvent(eventId));
        return ResponseEntity.noContent().build();
    }

    private static CommandTarget parkedEvent(String eventId) {
        return new CommandTarget("parked saga event", eventId);
    }
}
