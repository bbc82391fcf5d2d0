package io.emporium.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lints an OpenAPI document as a client team would, with Redocly CLI ({@value #PACKAGE}, pinned) and the project's
 * configuration {@code docs/api/redocly.yaml}. The CLI is not part of this project: it is installed at test time with
 * the ordinary npm client into {@code api-client-tests/target/redocly/} (npm's cache serves later runs). Without npm
 * or the package the lint fails and says why: a document that was not linted is never reported as clean.
 */
final class RedoclyLint {

    /** Pinned: a newer CLI may bring new rules, which is a deliberate change. */
    static final String PACKAGE = "@redocly/cli@2.77.0";

    /** One problem the linter reported. */
    record Problem(String rule, String severity, String message, String pointer) {

        @Override
        public String toString() {
            return severity + " " + rule + " at " + pointer + ": " + message;
        }
    }

    /** What the linter found: errors and warnings by its own count, and each problem. */
    record Result(int errors, int warnings, List<Problem> problems) {
    }

    private RedoclyLint() {
    }

    static Result lint(Path document) {
        Path cli = install();
        Path config = ProjectFiles.root().resolve("docs/api/redocly.yaml");
        String output = run(document.getParent(), true, cli.toString(), "lint", document.toString(),
                            "--config", config.toString(), "--format", "json", "--max-problems", "1000");
        try {
            JsonNode report = new ObjectMapper().readTree(output.substring(output.indexOf('{')));
            List<Problem> problems = new ArrayList<>();
            for (JsonNode problem : report.path("problems")) {
                problems.add(new Problem(problem.path("ruleId").asText(), problem.path("severity").asText(),
                                         problem.path("message").asText(),
                                         problem.path("location").path(0).path("pointer").asText()));
            }
            JsonNode totals = report.path("totals");
            if (totals.isMissingNode()) {
                throw new IllegalStateException("Redocly CLI gave no totals: " + output);
            }
            return new Result(totals.path("errors").asInt(), totals.path("warnings").asInt(), problems);
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new IllegalStateException("Redocly CLI did not answer with its JSON report: " + output, e);
        }
    }

    /** The CLI's executable, installed on first use. */
    static synchronized Path install() {
        Path folder = ProjectFiles.root().resolve("api-client-tests/target/redocly");
        Path cli = folder.resolve("node_modules/.bin/redocly");
        if (Files.isExecutable(cli) && Files.isRegularFile(folder.resolve(PACKAGE.replace('/', '_') + ".installed"))) {
            return cli;
        }
        try {
            Files.createDirectories(folder);
            run(folder, false, "npm", "install", "--prefix", folder.toString(), "--no-save", "--no-audit", "--no-fund",
                "--prefer-offline", "--silent", PACKAGE);
            Files.writeString(folder.resolve(PACKAGE.replace('/', '_') + ".installed"), PACKAGE);
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("cannot install " + PACKAGE + ": npm install needs npm and the npm "
                    + "registry (or npm's cache)", e);
        }
        if (!Files.isExecutable(cli)) {
            throw new IllegalStateException("npm package " + PACKAGE + " brought no " + cli);
        }
        return cli;
    }

    /** Runs a command and returns its standard output; a failing exit is an error unless {@code anyExit}. */
    private static String run(Path directory, boolean anyExit, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        // No usage data sent, no update check: the lint is the same with or without a network.
        Map<String, String> environment = builder.environment();
        environment.put("REDOCLY_TELEMETRY", "off");
        environment.put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        environment.put("NO_COLOR", "1");
        try {
            Path errors = Files.createTempFile("redocly", ".err");
            Process process = builder.redirectError(errors.toFile()).start();
            byte[] output = process.getInputStream().readAllBytes();
            boolean ended = process.waitFor(300, TimeUnit.SECONDS);
            String stderr = Files.readString(errors);
            Files.deleteIfExists(errors);
            if (!ended) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end in 300 s");
            }
            if (!anyExit && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                        + stderr);
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
