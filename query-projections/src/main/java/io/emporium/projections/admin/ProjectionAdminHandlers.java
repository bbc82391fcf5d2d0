package io.emporium.projections.admin;

import io.emporium.messages.projection.DeadLetterRetryResult;
import io.emporium.messages.projection.DeadLetters;
import io.emporium.messages.projection.EvictDeadLetters;
import io.emporium.messages.projection.FindDeadLetters;
import io.emporium.messages.projection.FindProjectionStatuses;
import io.emporium.messages.projection.ProjectionStatuses;
import io.emporium.messages.projection.ReplayProjection;
import io.emporium.messages.projection.RetryDeadLetters;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;

/** The operator messages of the contract, answered by {@link ProjectionOperations}. */
public class ProjectionAdminHandlers {

    private final ProjectionOperations operations;

    public ProjectionAdminHandlers(ProjectionOperations operations) {
        this.operations = operations;
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
