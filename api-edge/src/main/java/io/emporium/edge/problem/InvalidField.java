package io.emporium.edge.problem;

/**
 * One entry of a 400 problem's {@code errors}: {@code field} is the path into the request as the client
 * wrote it ({@code lines[0].quantity}, {@code unitPrice.currency}) or a path or query parameter's name.
 */
public record InvalidField(String field, String message) {
}
