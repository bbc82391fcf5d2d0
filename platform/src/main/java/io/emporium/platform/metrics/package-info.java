/**
 * Axon's message metrics on Micrometer, with the names and tags of Axon's dimensional monitors, registered once
 * per component (decision 0038).
 */
package io.emporium.platform.metrics;
