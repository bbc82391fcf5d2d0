package io.emporium.benchmarks.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The report for people: run and machine facts, one results table, then how each scenario measured. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Emporium benchmark results\n\n");
        md.append("Written by the benchmark harness (`benchmarks/`); how to run it and how to read these tables: ")
          .append("[README.md](README.md).\n\n");

        md.append("## Run\n\n| | |\n|---|---|\n");
        row(md, "date (UTC)", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                report.started().atOffset(ZoneOffset.UTC).withNano(0)));
        row(md, "mode", report.mode());
        row(md, "platform", report.platform());
        row(md, "duration", String.format(Locale.ROOT, "%.0f s", report.seconds()));
        for (Map.Entry<String, Object> size : report.sizes().entrySet()) {
            row(md, size.getKey(), String.valueOf(size.getValue()));
        }
        md.append('\n');

        md.append("## Machine\n\n| | |\n|---|---|\n");
        for (Map.Entry<String, Object> fact : report.machine().describe().entrySet()) {
            row(md, fact.getKey(), String.valueOf(fact.getValue()));
        }
        row(md, "load average at end (1 min)", String.format(Locale.ROOT, "%.2f", report.loadAverageAtEnd()));
        md.append('\n');

        md.append("## Results\n\n");
        md.append("Ratio: the share of PostgreSQL alone's performance the platform reaches for the same work in ")
          .append("the same run (1.00 = as fast as PostgreSQL alone; rates: platform ÷ ceiling, latencies: ")
          .append("ceiling ÷ platform).\n\n");
        md.append(table(report));

        md.append("\n## How each scenario measured\n");
        for (ScenarioResult scenario : report.scenarios()) {
            md.append("\n### ").append(scenario.number()).append(". ").append(scenario.title()).append("\n\n");
            md.append(scenario.method()).append('\n');
            md.append('\n').append(switch (scenario.status()) {
                case COMPLETED -> String.format(Locale.ROOT, "Completed in %.1f s.", scenario.seconds());
                case FAILED -> String.format(Locale.ROOT, "**Failed** after %.1f s: %s", scenario.seconds(),
                        scenario.reason());
                case NOT_RUN -> "**Not run**: " + scenario.reason();
            }).append('\n');
            if (!scenario.notes().isEmpty()) {
                md.append('\n');
                scenario.notes().forEach(note -> md.append("- ").append(note).append('\n'));
            }
        }
        return md.toString();
    }

    /** The results table alone, as the harness also prints it at the end of a run. */
    public static String table(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | figure | platform | PostgreSQL ceiling | ratio | target | met? |\n");
        md.append("|---|---|---:|---:|---:|---|---|\n");
        for (ScenarioResult scenario : report.scenarios()) {
            // The title up to its colon names the scenario well enough in a table row.
            String title = scenario.title();
            String name = scenario.number() + ". " + (title.contains(":") ? title.substring(0, title.indexOf(':')) : title);
            if (scenario.figures().isEmpty()) {
                md.append("| ").append(cell(name)).append(" | ")
                  .append(scenario.status() == ScenarioResult.Status.COMPLETED ? "no figures" : scenario.status().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                  .append(" | — | — | — | — | — |\n");
            }
            for (Figure figure : scenario.figures()) {
                boolean ceilingRow = figure.role() == Figure.Role.CEILING;
                String platform = ceilingRow ? "—"
                        : figure.isNone() ? "none (0 " + figure.unit() + ")" : Numbers.value(figure.value(), figure.unit());
                String ceiling = ceilingRow
                        ? Numbers.value(figure.value(), figure.unit())
                        : figure.ceiling() == null ? "—" : Numbers.value(figure.ceiling().value(), figure.ceiling().unit());
                md.append("| ").append(cell(name))
                  .append(" | ").append(cell(figure.name()))
                  .append(" | ").append(platform)
                  .append(" | ").append(ceiling)
                  .append(" | ").append(Numbers.ratio(figure.ratio()))
                  .append(" | ").append(figure.target() == null ? "" : cell(figure.target().text()))
                  .append(" | ").append(figure.met().map(met -> met ? "yes" : "**no**").orElse(figure.target() == null ? "" : "n/a"))
                  .append(" |\n");
            }
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(cell(key)).append(" | ").append(cell(value)).append(" |\n");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
