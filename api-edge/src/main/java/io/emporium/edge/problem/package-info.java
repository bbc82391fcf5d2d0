/**
 * Every failure the edge answers, as RFC 9457 {@code application/problem+json}. {@link
 * io.emporium.edge.problem.ProblemTypes} lists the {@code type} URIs clients may program against.
 */
package io.emporium.edge.problem;
