package io.emporium.benchmarks;

import io.emporium.benchmarks.scenarios.Ceiling;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a scenario gets from the harness: the sizes of this run, progress output, the benchmark database, an
 * HTTP client, the platform to load, and what PostgreSQL alone did earlier in the same run.
 */
public final class BenchmarkContext implements AutoCloseable {

    private final BenchmarkOptions options;
    private final Progress progress;
    private final BenchDatabase database;
    private final HttpClient http;
    private RunningPlatform sharedPlatform;
    private Ceiling ceiling;

    BenchmarkContext(BenchmarkOptions options, Progress progress, BenchDatabase database) {
        this.options = options;
        this.progress = progress;
        this.database = database;
        this.http = HttpClient.newBuilder()
                              .version(HttpClient.Version.HTTP_1_1)
                              .connectTimeout(Duration.ofSeconds(5))
                              .build();
    }

    public Sizes sizes() {
        return options.sizes();
    }

    public Progress progress() {
        return progress;
    }

    /** The benchmark database; with {@code --url} the platform's own, which may only be read. */
    public BenchDatabase database() {
        return database;
    }

    /** One client for all requests of the run: HTTP/1.1 keep-alive connections, at most one per concurrent request. */
    public HttpClient http() {
        return http;
    }

    /** True when the platform runs in this JVM on the benchmark database (no {@code --url}). */
    public boolean inProcess() {
        return options.inProcess();
    }

    /**
     * The platform the {@link Scenario.Requirement#RUNNING_PLATFORM} scenarios share: the {@code --url}
     * target, or one started in this JVM on first use.
     */
    public RunningPlatform platform() {
        if (sharedPlatform == null) {
            if (options.inProcess()) {
                progress.say("starting the standalone platform in this JVM on database %s", database.name());
                sharedPlatform = InProcessPlatform.start(database, "shared by the HTTP scenarios", Map.of());
                progress.say("platform listening on %s", sharedPlatform.baseUrl());
            } else {
                String token = options.token() != null ? options.token() : LocalToken.fetch(http, options.targetUrl());
                sharedPlatform = new RunningPlatform.Remote(options.targetUrl(), "Bearer " + token);
            }
        }
        return sharedPlatform;
    }

    /**
     * Starts a platform of the scenario's own in this JVM, with settings of its own; the caller closes it.
     * Only for {@link Scenario.Requirement#OWN_PLATFORMS} scenarios, which never run with {@code --url}.
     */
    public InProcessPlatform startOwnPlatform(String purpose, Map<String, String> settings) {
        if (!options.inProcess()) {
            throw new IllegalStateException("no platform of its own can be started when loading --url");
        }
        progress.say("starting a platform of its own (%s)", purpose);
        InProcessPlatform platform = InProcessPlatform.start(database, purpose, settings);
        progress.say("platform listening on %s", platform.baseUrl());
        return platform;
    }

    /** What PostgreSQL alone did in this run; empty until the ceiling scenario has run (or if it failed). */
    public Optional<Ceiling> ceiling() {
        return Optional.ofNullable(ceiling);
    }

    public void recordCeiling(Ceiling measured) {
        this.ceiling = measured;
    }

    /** Stops the shared platform if the harness started it, so that scenarios with their own have the JVM. */
    void closeSharedPlatform() {
        if (sharedPlatform instanceof InProcessPlatform inProcess) {
            progress.say("stopping the shared platform");
            inProcess.close();
        }
        sharedPlatform = null;
    }

    String platformDescription() {
        return options.inProcess()
                ? "standalone platform started in the harness's JVM on the benchmark database (load generator in the same JVM)"
                : new RunningPlatform.Remote(options.targetUrl(), null).description();
    }

    @Override
    public void close() {
        closeSharedPlatform();
    }
}
