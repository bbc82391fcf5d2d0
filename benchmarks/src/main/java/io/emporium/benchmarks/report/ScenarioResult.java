package io.emporium.benchmarks.report;

import java.util.List;

/**
 * What became of one scenario in a run.
 *
 * @param number  its number in issue 7
 * @param id      its stable identifier
 * @param title   its title
 * @param method  how it measures
 * @param status  whether it completed
 * @param figures what it measured (also what it measured before a failure)
 * @param notes   observations that help read the figures
 * @param reason  why it did not complete; null when it did
 * @param seconds how long it ran
 */
public record ScenarioResult(int number, String id, String title, String method, Status status,
                             List<Figure> figures, List<String> notes, String reason, double seconds) {

    public enum Status { COMPLETED, FAILED, NOT_RUN }

    public ScenarioResult {
        figures = List.copyOf(figures);
        notes = List.copyOf(notes);
    }
}
