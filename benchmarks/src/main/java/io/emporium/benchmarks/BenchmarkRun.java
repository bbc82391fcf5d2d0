package io.emporium.benchmarks;

import io.emporium.benchmarks.report.Figure;
import io.emporium.benchmarks.report.JsonReport;
import io.emporium.benchmarks.report.MachineFacts;
import io.emporium.benchmarks.report.MarkdownReport;
import io.emporium.benchmarks.report.Report;
import io.emporium.benchmarks.report.ScenarioResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One run of the harness: prepares the benchmark database (recreated when the harness owns it; with {@code --url}
 * only read, never dropped), runs every scenario in the order their
 * requirements allow (the ceiling first, then the shared platform's, then those with platforms of their own, on
 * the benchmark database created anew;
 * among scenarios of one requirement, the order of {@link Scenarios#all()}), reports them in issue order,
 * and writes results.md and results.json.
 */
public final class BenchmarkRun {

    /**
     * Above this one-minute load average per core at the start, the run warns that something else may be
     * running. The build that usually runs just before the harness raises it too, so this is a hint, not a verdict.
     */
    static final double BUSY_LOAD_PER_CORE = 0.5;

    private final BenchmarkOptions options;
    private final Progress progress;
    private final List<Scenario> scenarios;

    public BenchmarkRun(BenchmarkOptions options, Progress progress, List<Scenario> scenarios) {
        this.options = options;
        this.progress = progress;
        this.scenarios = List.copyOf(scenarios);
    }

    /** The written reports and what they hold. */
    public record Written(Report report, Path markdown, Path json) {
    }

    public Written run() throws Exception {
        // Axon's anonymous update checker stays off, as in the platform's own main method.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        progress.say("Emporium benchmark, %s run; results go to %s", options.sizes().name(),
                options.outputDir().toAbsolutePath().normalize());

        BenchDatabase database = options.database();
        if (database.owned()) {
            progress.say("recreating the benchmark database %s and applying the platform's schema", database.name());
            database.recreate();
        } else {
            progress.say("with --url, database %s is only read (the order view): nothing is dropped, created or "
                    + "written", database.name());
        }
        MachineFacts machine = MachineFacts.read(database.serverVersion());
        progress.say("%d cores, %.1f GiB, %s; %s", machine.cores(), machine.memoryBytes() / (double) (1L << 30),
                machine.java(), machine.postgresql());
        if (machine.loadAverageAtStart() > BUSY_LOAD_PER_CORE * machine.cores()) {
            progress.say("WARNING: load average %.2f on %d cores at the start (a build just before counts too); if "
                    + "anything else is running, this run's figures are not comparable", machine.loadAverageAtStart(),
                    machine.cores());
        }

        List<ScenarioResult> results = new ArrayList<>();
        String platformDescription;
        try (BenchmarkContext context = new BenchmarkContext(options, progress, database)) {
            platformDescription = context.platformDescription();
            List<Scenario> ordered = scenarios.stream()
                                              // Stable: among equal requirements, the order of Scenarios.all().
                                              .sorted(Comparator.comparing(Scenario::requirement))
                                              .toList();
            boolean freshForOwnPlatforms = false;
            for (Scenario scenario : ordered) {
                if (scenario.requirement() == Scenario.Requirement.OWN_PLATFORMS) {
                    context.closeSharedPlatform();
                    if (!freshForOwnPlatforms && database.owned()) {
                        // The shared platform's last orders leave saga and projection work behind in the store;
                        // a platform started on it would do that work while its own scenario is measured.
                        progress.say("recreating the benchmark database %s for the scenarios with platforms of their "
                                + "own, so that no earlier scenario's backlog runs beside them", database.name());
                        database.recreate();
                    }
                    freshForOwnPlatforms = true;
                }
                results.add(runOne(scenario, context));
            }
        }
        results.sort(Comparator.comparingInt(ScenarioResult::number));

        Report report = new Report(started, (System.nanoTime() - startNanos) / 1e9, options.sizes().name(),
                platformDescription, options.sizes().describe(), machine, MachineFacts.loadAverage(), results);
        Written written = write(report);
        progress.say("results:%n%s", MarkdownReport.table(report));
        progress.say("wrote %s and %s", written.markdown(), written.json());
        return written;
    }

    private ScenarioResult runOne(Scenario scenario, BenchmarkContext context) {
        progress.say("== scenario %d: %s ==", scenario.number(), scenario.title());
        Findings findings = new Findings();
        long start = System.nanoTime();
        String reason = options.whyNotRun(scenario.requirement());
        if (reason != null) {
            progress.say("not run: %s", reason);
            return result(scenario, ScenarioResult.Status.NOT_RUN, findings, reason, start);
        }
        Profiles.Running profile = null;
        ScenarioResult.Status status = ScenarioResult.Status.COMPLETED;
        try {
            if (scenario.requirement() == Scenario.Requirement.RUNNING_PLATFORM) {
                context.platform(); // started before any profile, which is of the scenario's work, not of a start
            }
            if (options.profileDir() != null) {
                profile = new Profiles(options.profileDir()).start(scenario.number() + "-" + scenario.id());
            }
            scenario.run(context, findings);
            checkFigures(findings.figures());
        } catch (Exception | AssertionError e) {
            status = ScenarioResult.Status.FAILED;
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            progress.say("FAILED: %s", reason);
            e.printStackTrace(System.err);
        }
        if (profile != null) {
            stopProfile(profile, findings);
        }
        return result(scenario, status, findings, reason, start);
    }

    private void stopProfile(Profiles.Running profile, Findings findings) {
        try {
            Path summary = profile.stop();
            findings.note("profile (JDK Flight Recorder, whole JVM): " + summary + " and the .jfr beside it");
            progress.say("profile written: %s", summary);
        } catch (IOException | RuntimeException e) {
            progress.say("could not write the profile: %s", e);
        }
    }

    /**
     * A figure that is not a positive finite number means the scenario measured nothing. The one exception is a
     * figure declared {@link Figure#zeroMeansNone()} whose value is 0: there 0 is what was measured (no stepped
     * rate was sustained), and failing the scenario would hide that result behind a failure. Such a figure keeps
     * its row and its target (judged not met), rather than being left out of the report when it is 0.
     */
    static void checkFigures(List<Figure> figures) {
        for (Figure figure : figures) {
            if (figure.isNone()) {
                continue;
            }
            if (!(figure.value() > 0) || Double.isInfinite(figure.value())) {
                throw new IllegalStateException("figure '" + figure.name() + "' is " + figure.value()
                        + ": nothing was measured");
            }
        }
    }

    private static ScenarioResult result(Scenario scenario, ScenarioResult.Status status, Findings findings,
                                         String reason, long startNanos) {
        return new ScenarioResult(scenario.number(), scenario.id(), scenario.title(), scenario.method(), status,
                findings.figures(), findings.notes(), reason, (System.nanoTime() - startNanos) / 1e9);
    }

    private Written write(Report report) throws IOException {
        Path dir = options.outputDir();
        Files.createDirectories(dir);
        Path markdown = dir.resolve("results.md");
        Path json = dir.resolve("results.json");
        Files.writeString(markdown, MarkdownReport.render(report), StandardCharsets.UTF_8);
        Files.writeString(json, JsonReport.render(report), StandardCharsets.UTF_8);
        return new Written(report, markdown.toAbsolutePath().normalize(), json.toAbsolutePath().normalize());
    }
}
