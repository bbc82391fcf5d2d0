/**
 * The operator messages of the read models: processor status per segment, in-place replays, dead letters to
 * inspect, retry or evict, and rebuilds beside the live read models (decisions 0012 and 0049).
 */
package io.emporium.projections.admin;
