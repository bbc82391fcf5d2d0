/**
 * Rebuilds of read models beside the live ones (decision 0049): a new generation of a projection's tables, filled
 * from the first event by a tracking processor of its own through the projections' own handlers over write-behind
 * stores, switched live in one transaction once it has caught up; its progress recorded for every node to answer.
 */
package io.emporium.projections.rebuild;
