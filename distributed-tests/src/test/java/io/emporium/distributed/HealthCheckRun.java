package io.emporium.distributed;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a service's compose health check on this machine against a small HTTP server on loopback that answers the
 * service's readiness path as Spring Boot does: once UP as a whole (200), once DOWN while some of its components are
 * UP (503, {@code "status":"UP"} inside the body). A health check that passes on the second answer, or fails on the
 * first, lets {@code depends_on: service_healthy} go ahead at the wrong time. Every other path answers 404.
 */
final class HealthCheckRun {

    static final String UP = """
            {"status":"UP","components":{"axonServer":{"status":"UP"},"db":{"status":"UP"},\
            "eventProcessors":{"status":"UP"},"readinessState":{"status":"UP"}}}""";
    static final String DOWN_WITH_COMPONENTS_UP = """
            {"status":"DOWN","components":{"axonServer":{"status":"UP"},"db":{"status":"DOWN"},\
            "eventProcessors":{"status":"UP"},"readinessState":{"status":"UP"}}}""";
    /** The port the services listen on inside their containers (compose sets EMPORIUM_HTTP_PORT to it). */
    static final int CONTAINER_PORT = 8080;

    private HealthCheckRun() {
    }

    /** What is wrong with {@code command} as the health check of {@code service}; empty when it is its readiness. */
    static List<String> problems(String service, List<String> command, String readinessPath) {
        List<String> problems = new ArrayList<>();
        if (readinessPath == null) {
            problems.add(service + " has no readiness group (management.endpoint.health.probes.enabled)");
            return problems;
        }
        if (!passes(command, readinessPath, 200, UP)) {
            problems.add(service + "'s health check fails while its readiness (" + readinessPath + ") is UP");
        }
        if (passes(command, readinessPath, 503, DOWN_WITH_COMPONENTS_UP)) {
            problems.add(service + "'s health check passes while its readiness is DOWN (it must test the top-level"
                    + " status, not find \"status\":\"UP\" anywhere in the body)");
        }
        return problems;
    }

    private static boolean passes(List<String> command, String path, int status, String body) {
        HttpServer server = server(path, status, body);
        try {
            String port = String.valueOf(server.getAddress().getPort());
            List<String> local = command.stream()
                    .map(word -> word.replace("127.0.0.1/" + CONTAINER_PORT, "127.0.0.1/" + port)
                                     .replace("localhost:" + CONTAINER_PORT, "127.0.0.1:" + port)
                                     .replace("127.0.0.1:" + CONTAINER_PORT, "127.0.0.1:" + port))
                    .toList();
            Process process = new ProcessBuilder(local).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false; // a command this machine cannot start does not pass
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a health check", e);
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer server(String path, int status, String body) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/vnd.spring-boot.actuator.v3+json");
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
