package io.emporium.projections.admin;

import io.emporium.messages.projection.CancelRebuild;
import io.emporium.messages.projection.DeadLetterRetryResult;
import io.emporium.messages.projection.DeadLetters;
import io.emporium.messages.projection.EvictDeadLetters;
import io.emporium.messages.projection.FindDeadLetters;
import io.emporium.messages.projection.FindProjectionStatuses;
import io.emporium.messages.projection.FindRebuild;
import io.emporium.messages.projection.FindRebuilds;
import io.emporium.messages.projection.ProjectionStatuses;
import io.emporium.messages.projection.RebuildStatus;
import io.emporium.messages.projection.Rebuilds;
import io.emporium.messages.projection.ReplayProjection;
import io.emporium.messages.projection.RetryDeadLetters;
import io.emporium.messages.projection.StartRebuild;
import io.emporium.projections.rebuild.ProjectionRebuilds;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;

/**
 * The operator messages of the contract, answered by {@link ProjectionOperations} and, for rebuilds beside the live
 * read models, {@link ProjectionRebuilds}.
 */
public class ProjectionAdminHandlers {

    private final ProjectionOperations operations;
    private final ProjectionRebuilds rebuilds;

    public ProjectionAdminHandlers(ProjectionOperations operations, ProjectionRebuilds rebuilds) {
        this.operations = operations;
        this.rebuilds = rebuilds;
    }

    @CommandHandler
    public RebuildStatus handle(StartRebuild command) {
        return rebuilds.start(command.projections(), command.maxEventsPerSecond());
    }

    @CommandHandler
    public RebuildStatus handle(CancelRebuild command) {
        return rebuilds.cancel(command.rebuildId());
    }

    @QueryHandler
    public Rebuilds handle(FindRebuilds query) {
        return new Rebuilds(rebuilds.list(query.limit()));
    }

    @QueryHandler
    public RebuildStatus handle(FindRebuild query) {
        return rebuilds.find(query.rebuildId());
    }

    @QueryHandler
    public ProjectionStatuses handle(FindProjectionStatuses query) {
        return operations.statuses();
    }

    @CommandHandler
    public void handle(ReplayProjection command) {
        operations.replay(command.name());
    }

    @QueryHandler
    public DeadLetters handle(FindDeadLetters query) {
        return operations.deadLetters();
    }

    @CommandHandler
    public DeadLetterRetryResult handle(RetryDeadLetters command) {
        return operations.retry(command.group());
    }

    @CommandHandler
    public Integer handle(EvictDeadLetters command) {
        return operations.evict(command.group(), command.sequenceId());
    }
}
