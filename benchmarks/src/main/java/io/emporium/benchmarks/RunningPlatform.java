package io.emporium.benchmarks;

import java.net.URI;

/** A platform the harness can send HTTP requests to. */
public interface RunningPlatform {

    /** The token subject the harness acts as; the orders it places are this customer's. */
    String BENCHMARK_SUBJECT = "benchmark";

    /** Where it listens, without a trailing slash; always a loopback address. */
    URI baseUrl();

    /** A short description for the report: how the platform runs. */
    String description();

    /**
     * The {@code Authorization} header every request to it carries: a bearer token of the subject
     * {@code benchmark} with the roles customer (to place orders) and operator (products, stock, admin).
     */
    String authorization();

    /** The platform named by {@code --url}: started by someone else, loaded over HTTP only. */
    record Remote(URI baseUrl, String authorization) implements RunningPlatform {

        @Override
        public String description() {
            return "running platform at " + baseUrl + " (started outside the harness)";
        }
    }
}
