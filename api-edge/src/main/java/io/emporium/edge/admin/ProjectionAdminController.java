package io.emporium.edge.admin;

import io.emporium.edge.apidoc.ApiTags;
import io.emporium.edge.command.CommandDispatcher;
import io.emporium.edge.command.CommandTarget;
import io.emporium.edge.query.QueryDispatcher;
import io.emporium.messages.projection.DeadLetterRetryResult;
import io.emporium.messages.projection.DeadLetters;
import io.emporium.messages.projection.EvictDeadLetters;
import io.emporium.messages.projection.FindDeadLetters;
import io.emporium.messages.projection.FindProjectionStatuses;
import io.emporium.messages.projection.ProjectionStatuses;
import io.emporium.messages.projection.ReplayProjection;
import io.emporium.messages.projection.RetryDeadLetters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import java.net.URI;
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
 * Operator endpoints of the read models, all through the contract's operator messages:
 * <ul>
 *   <li>{@code GET /api/admin/projections}: each projection's processor: running, replaying, positions,
 *       head of the event stream, lag, replay progress;</li>
 *   <li>{@code POST /api/admin/projections/{name}/replay}: rebuild one from the first event (202; follow it
 *       on the status endpoint);</li>
 *   <li>{@code GET /api/admin/dead-letters}: parked events;</li>
 *   <li>{@code POST /api/admin/dead-letters/{group}/retry}: process a group's parked sequences again;</li>
 *   <li>{@code DELETE /api/admin/dead-letters/{group}/{sequenceId}}: drop one parked sequence (204).</li>
 * </ul>
 * An unknown projection, group or sequence answers 404 problem+json.
 */
@Tag(name = ApiTags.ADMIN)
@RestController
public class ProjectionAdminController {

    private final QueryDispatcher queries;
    private final CommandDispatcher commands;

    public ProjectionAdminController(QueryDispatcher queries, CommandDispatcher commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Operation(summary = "Projection status",
               description = "Each projection: running, replaying, positions, head of the event store, lag and replay progress.")
    @GetMapping(path = "/api/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
    public ProjectionStatuses projections() {
        return queries.ask(new FindProjectionStatuses(), ProjectionStatuses.class);
    }

    @Operation(summary = "Rebuild a projection",
               description = "Resets the projection to the first event; its read model is rebuilt in the background (202).")
    @PostMapping(path = "/api/admin/projections/{name}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<Void> replay(@PathVariable @Size(max = 100) String name) {
        commands.dispatch(new ReplayProjection(name), projection(name));
        return ResponseEntity.accepted().location(URI.create("/api/admin/projections")).build();
    }

    @Operation(summary = "List dead letters",
               description = "Events whose projection failed, parked per sequence.")
    @GetMapping(path = "/api/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    public DeadLetters deadLetters() {
        return queries.ask(new FindDeadLetters(), DeadLetters.class);
    }

    @Operation(summary = "Retry dead letters",
               description = "Projects the parked events of a group again.")
    @PostMapping(path = "/api/admin/dead-letters/{group}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    public DeadLetterRetryResult retry(@PathVariable @Size(max = 100) String group) {
        return commands.dispatchForResult(new RetryDeadLetters(group), projection(group),
                                          DeadLetterRetryResult.class);
    }

    @Operation(summary = "Drop a dead-letter sequence",
               description = "Removes a parked sequence without projecting it.")
    @DeleteMapping(path = "/api/admin/dead-letters/{group}/{sequenceId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public ResponseEntity<Void> evict(@PathVariable @Size(max = 100) String group,
                                      @PathVariable @Size(max = 255) String sequenceId) {
        commands.dispatch(new EvictDeadLetters(group, sequenceId), projection(group));
        return ResponseEntity.noContent().build();
    }

    private static CommandTarget projection(String name) {
        return new CommandTarget("projection", name);
    }
}
