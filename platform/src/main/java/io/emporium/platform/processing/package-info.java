/**
 * Care of the streaming event processors on every instance: segments spread evenly over the instances (decision
 * 0031), merged down to a target count, and a watchdog that restarts a stalled processor and reports it (decision
 * 0048).
 */
package io.emporium.platform.processing;
