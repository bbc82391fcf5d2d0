package io.emporium.architecture.broken.platform;

import org.axonframework.eventhandling.EventHandler;

/** Breaks "the platform module handles no messages": the platform carries infrastructure, never a handler. */
public class PlatformThatHandlesEvents {

    @EventHandler
    void on(String event) {
    }
}
