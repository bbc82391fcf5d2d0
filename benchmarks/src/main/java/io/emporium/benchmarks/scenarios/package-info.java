/**
 * The scenarios of issue 7 that the platform can run today: the command path (1), the hot aggregate (5)
 * and the PostgreSQL ceiling (6). Saga completion (2), read-model lag (3) and replay (4) join them once the
 * saga coordinator and the query projections exist.
 */
package io.emporium.benchmarks.scenarios;
