package io.emporium.standalone.chaos;

import io.emporium.standalone.EmporiumApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone platform as a JVM of its own: {@code java io.emporium.standalone.EmporiumApplication} on this test
 * run's class path, started by {@link ProcessBuilder} on the {@code java} binary itself (no shell between), so that
 * {@link #kill()} is a SIGKILL to the platform's JVM. It keeps one port over its restarts, so clients retry against
 * the same address. Each start logs to {@code standalone/target/chaos-logs/<name>-<n>.log}.
 */
final class PlatformProcess implements AutoCloseable {

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String name;
    private final List<String> arguments;
    private final int port;
    private final Path logs = Path.of("target", "chaos-logs");
    private Process process;
    private Path log;
    private int starts;
    private int kills;

    /** A platform on {@code databaseUrl} with the profile {@code local} and these extra Spring arguments. */
    PlatformProcess(String name, String databaseUrl, List<String> extraArguments) {
        this.name = name;
        this.port = freePort();
        List<String> all = new ArrayList<>(List.of("--spring.profiles.active=local", "--server.port=" + port,
                                                   "--spring.datasource.url=" + databaseUrl));
        all.addAll(extraArguments);
        this.arguments = List.copyOf(all);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int starts() {
        return starts;
    }

    int kills() {
        return kills;
    }

    long pid() {
        return process.pid();
    }

    /** Starts the JVM and returns once it answers healthy. */
    void start() {
        try {
            Files.createDirectories(logs);
            log = logs.resolve(name + "-" + (++starts) + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            command.add(EmporiumApplication.class.getName());
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // The test class path (surefire sets java.class.path to it in its fork), by variable: no long command line.
            builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the platform " + name, e);
        }
        Instant started = Instant.now();
        awaitHealthy(Duration.ofMinutes(2));
        System.out.printf("[chaos] %s start %d: pid %d healthy on port %d after %d ms, log %s%n", name, starts,
                          process.pid(), port, Duration.between(started, Instant.now()).toMillis(), log);
    }

    /** SIGKILL to the platform's JVM (no shutdown hook runs), then waits until the operating system reaped it. */
    void kill() {
        long pid = process.pid();
        if (!process.toHandle().info().command().map(c -> c.endsWith("/java")).orElse(false)) {
            throw new IllegalStateException("pid " + pid + " is not a java process: " + process.toHandle().info());
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pid " + pid + " outlived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        kills++;
        System.out.printf("[chaos] %s kill %d: pid %d killed (exit %d)%n", name, kills, pid, process.exitValue());
    }

    private void awaitHealthy(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        HttpRequest health = HttpRequest.newBuilder(base().resolve("/actuator/health"))
                                        .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log ends:\n"
                                                        + tail());
            }
            try {
                HttpResponse<String> answer = HEALTH.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not healthy within " + limit + "; its log ends:\n" + tail());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
