package io.emporium.edge.admin;

import io.emporium.edge.apidoc.ApiTags;
import io.emporium.edge.command.CommandDispatcher;
import io.emporium.edge.command.CommandTarget;
import io.emporium.edge.query.QueryDispatcher;
import io.emporium.edge.query.ViewNotFoundException;
import io.emporium.messages.projection.CancelRebuild;
import io.emporium.messages.projection.FindRebuild;
import io.emporium.messages.projection.FindRebuilds;
import io.emporium.messages.projection.RebuildStatus;
import io.emporium.messages.projection.Rebuilds;
import io.emporium.messages.projection.StartRebuild;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Rebuilds of read models beside the live ones: start (one projection, several or all), follow, cancel. The live
 * read models answer every query while a rebuild runs; the new generation takes over only once it has caught up.
 * A rebuild of a projection that is being rebuilt already is refused with 409. Compare
 * {@code POST /api/admin/projections/{name}/replay}, which resets a projection in place.
 */
@Tag(name = ApiTags.ADMIN)
@RestController
public class RebuildController {

    private final QueryDispatcher queries;
    private final CommandDispatcher commands;
    private final RebuildProgress progress;

    public RebuildController(QueryDispatcher queries, CommandDispatcher commands, RebuildProgress progress) {
        this.queries = queries;
        this.commands = commands;
        this.progress = progress;
    }

    @Operation(summary = "Start a rebuild",
               description = "Rebuilds the named projections (all for {}) into a new generation beside the "
                       + "live read models, with one read of the event stream, at most maxEventsPerSecond events a "
                       + "second (0 for no bound; absent for the platform's setting); 202 with the rebuild's status "
                       + "and its Location. 409 when one of them is being rebuilt already.")
    @PostMapping(path = "/api/admin/rebuilds", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<RebuildStatus> start(@RequestBody @Valid StartRebuildRequest request) {
        List<String> projections = request.projections() == null ? List.of() : request.projections();
        RebuildStatus status = commands.dispatchForResult(new StartRebuild(projections, request.maxEventsPerSecond()),
                                                          new CommandTarget("projection", String.join(",", projections)),
                                                          RebuildStatus.class);
        return ResponseEntity.accepted().location(URI.create("/api/admin/rebuilds/" + status.rebuildId())).body(status);
    }

    @Operation(summary = "List rebuilds",
               description = "The latest rebuilds, newest first, each with its phase and progress.")
    @GetMapping(path = "/api/admin/rebuilds", produces = MediaType.APPLICATION_JSON_VALUE)
    public Rebuilds list(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return queries.ask(new FindRebuilds(limit), Rebuilds.class);
    }

    @Operation(summary = "Read a rebuild",
               description = "Phase (rebuilding, catching up, switched, cancelled, failed), generation, events done "
                       + "and total, rate, estimated time left, dead letters.")
    @GetMapping(path = "/api/admin/rebuilds/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public RebuildStatus find(@PathVariable @Min(1) long id) {
        return existing(id);
    }

    @Operation(summary = "Follow a rebuild",
               description = "Server-sent events named progress, each the rebuild's status, every second until it "
                       + "has ended.")
    @GetMapping(path = "/api/admin/rebuilds/{id}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter follow(@PathVariable @Min(1) long id) {
        return progress.stream(existing(id));
    }

    @Operation(operationId = "cancelRebuild", summary = "Cancel a rebuild",
               description = "Stops the rebuild and drops its new generation; the live read models stay as they are. "
                       + "409 when it has ended already.")
    @DeleteMapping(path = "/api/admin/rebuilds/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public RebuildStatus cancel(@PathVariable @Min(1) long id) {
        return commands.dispatchForResult(new CancelRebuild(id), new CommandTarget("rebuild", Long.toString(id)),
                                          RebuildStatus.class);
    }

    private RebuildStatus existing(long id) {
        RebuildStatus status = queries.ask(new FindRebuild(id), RebuildStatus.class);
        if (status == null) {
            throw new ViewNotFoundException("rebuild", Long.toString(id));
        }
        return status;
    }
}
