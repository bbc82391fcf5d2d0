package io.emporium.architecture.broken.projections;

import io.emporium.architecture.broken.messages.UnrevisedEvent;
import org.axonframework.eventhandling.EventHandler;

/** Takes an event type of the contract that has no @Revision. */
public class ProjectionOfAnUnrevisedEvent {

    @EventHandler
    void on(UnrevisedEvent event) {
    }
}
