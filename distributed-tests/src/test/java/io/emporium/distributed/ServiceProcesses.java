package io.emporium.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The six services as separate operating-system processes: {@code java -jar services/<name>/target/<name>-exec.jar},
 * each on a free port, all on one database and one Axon Server. Each process writes its log to
 * {@code distributed-tests/target/distributed-logs/<name>-<start>.log}.
 */
final class ServiceProcesses implements AutoCloseable {

    static final List<String> SERVICES = List.of("order-service", "inventory-service", "payment-service",
            "projections-service", "saga-service", "edge-service");

    private final Path root = ProjectFiles.root();
    private final Path logs = root.resolve("distributed-tests/target/distributed-logs");
    private final Map<String, String> environment;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final List<Process> all = new ArrayList<>();
    private int starts;

    record Running(String name, Process process, int port, Path log) {

        EdgeClient client() {
            return new EdgeClient("http://127.0.0.1:" + port);
        }
    }

    ServiceProcesses(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    static Path jar(Path root, String service) {
        return root.resolve("services").resolve(service).resolve("target").resolve(service + "-exec.jar");
    }

    /** Starts {@code service} and returns once it answers healthy (connected to Axon Server and PostgreSQL). */
    Running start(String service) {
        Running started = launch(service);
        awaitHealthy(started, Duration.ofMinutes(3));
        return started;
    }

    /** Starts every one of {@code services} at once and returns once all answer healthy. */
    void startTogether(List<String> services) {
        List<Running> launched = services.stream().map(this::launch).toList();
        launched.forEach(service -> awaitHealthy(service, Duration.ofMinutes(4)));
    }

    /**
     * Starts one more instance of {@code service}, known as {@code <service>#<n>}, beside those running, and returns
     * once it answers healthy. Instances of one service share its database, its component name and its work.
     */
    Running startAnother(String service) {
        int instance = 2;
        while (running.containsKey(service + "#" + instance)) {
            instance++;
        }
        Running started = launch(service, service + "#" + instance);
        awaitHealthy(started, Duration.ofMinutes(3));
        return started;
    }

    Running launch(String service) {
        return launch(service, service);
    }

    private Running launch(String service, String key) {
        Path jar = jar(root, service);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw package -pl services/" + service
                    + " -am");
        }
        try {
            Files.createDirectories(logs);
            int port = freePort();
            Path log = logs.resolve(service + "-" + (++starts) + ".log");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx320m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                                                                .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("EMPORIUM_HTTP_PORT", Integer.toString(port));
            Process process = builder.start();
            all.add(process);
            Running started = new Running(key, process, port, log);
            running.put(key, started);
            System.out.println("[distributed] started " + key + " (pid " + process.pid() + ") on port " + port
                                       + ", log " + root.relativize(log));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service, e);
        }
    }

    /** Kills {@code service} at once (no graceful shutdown), as a crash would. */
    void kill(String service) {
        Running victim = running.remove(service);
        if (victim == null) {
            throw new IllegalStateException(service + " is not running");
        }
        victim.process().destroyForcibly();
        try {
            victim.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("[distributed] killed " + service + " (pid " + victim.process().pid() + ")");
    }

    /** Every instance running now. */
    List<Running> running() {
        return List.copyOf(running.values());
    }

    Running get(String service) {
        Running service1 = running.get(service);
        if (service1 == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return service1;
    }

    private void awaitHealthy(Running service, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        EdgeClient client = service.client();
        while (Instant.now().isBefore(deadline)) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException(service.name() + " exited with " + service.process().exitValue()
                                                        + "; its log ends with:\n" + tail(service.log()));
            }
            try {
                EdgeClient.Response health = client.get("/actuator/health");
                if (health.status() == 200 && health.body().contains("\"status\":\"UP\"")) {
                    System.out.println("[distributed] " + service.name() + " is healthy");
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(service.name() + " not healthy within " + limit + "; its log ends with:\n"
                                                + tail(service.log()));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process process : all) {
            process.destroy();
        }
        for (Process process : all) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
