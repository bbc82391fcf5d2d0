/**
 * The benchmark harness: one command ({@link io.emporium.benchmarks.BenchmarkMain}) that prepares a
 * benchmark database, measures what PostgreSQL alone does, starts the standalone platform in this JVM (or
 * targets a running one on loopback), runs each {@link io.emporium.benchmarks.Scenario}, and writes the
 * results as a markdown table and a JSON file. Never part of the platform that runs in production.
 */
package io.emporium.benchmarks;
