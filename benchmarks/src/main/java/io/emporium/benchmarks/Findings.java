package io.emporium.benchmarks;

import io.emporium.benchmarks.report.Figure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What one scenario recorded while it ran: its figures, and notes that help read them. */
public final class Findings {

    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public void add(Figure figure) {
        figures.add(figure);
    }

    public void addAll(Collection<Figure> more) {
        figures.addAll(more);
    }

    public void note(String note) {
        notes.add(note);
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
