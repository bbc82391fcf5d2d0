package io.emporium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A token for a {@code --url} platform given no {@code --token}: minted by its {@code POST /local/tokens}, which
 * a platform started with the profile {@code local} serves. Any other platform answers 401, and the run stops
 * saying how to pass a token.
 */
final class LocalToken {

    private LocalToken() {
    }

    static String fetch(HttpClient http, URI platform) {
        HttpRequest request = HttpRequest.newBuilder(platform.resolve("/local/tokens"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"subject":"%s","roles":["customer","operator"],"lifetimeMinutes":1440}"""
                        .formatted(RunningPlatform.BENCHMARK_SUBJECT)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new BenchmarkOptions.UsageException("the platform at " + platform + " mints no token (POST"
                        + " /local/tokens answered " + response.statusCode() + "): start it with the profile 'local',"
                        + " or pass --token (or EMPORIUM_BENCH_TOKEN) with the roles customer and operator");
            }
            JsonNode body = new ObjectMapper().readTree(response.body());
            return body.get("accessToken").asText();
        } catch (IOException e) {
            throw new IllegalStateException("could not ask " + platform + " for a token: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + platform + " for a token", e);
        }
    }
}
