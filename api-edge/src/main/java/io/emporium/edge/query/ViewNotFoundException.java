package io.emporium.edge.query;

/** A query was answered with no view: nothing of that {@code kind} ("order", "product", ...) has that id. */
public class ViewNotFoundException extends RuntimeException {

    public ViewNotFoundException(String kind, String id) {
        super("no " + kind + " " + id);
    }
}
