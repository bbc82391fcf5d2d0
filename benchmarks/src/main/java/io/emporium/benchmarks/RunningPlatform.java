package io.emporium.benchmarks;

import java.net.URI;

/** A platform the harness can send HTTP requests to. */
public interface RunningPlatform {

    /** Where it listens, without a trailing slash; always a loopback address. */
    URI baseUrl();

    /** A short description for the report: how the platform runs. */
    String description();

    /** The platform named by {@code --url}: started by someone else, loaded over HTTP only. */
    record Remote(URI baseUrl) implements RunningPlatform {

        @Override
        public String description() {
            return "running platform at " + baseUrl + " (started outside the harness)";
        }
    }
}
