/**
 * The results of a run and their two forms: a markdown table for people (results.md) and a JSON file for
 * tools (results.json). Every platform figure is set beside what PostgreSQL alone did in the same run.
 */
package io.emporium.benchmarks.report;
