package io.emporium.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntFunction;

/** {@link ClosedLoop} workers that send HTTP requests with the JDK's client. */
public final class HttpLoad {

    /** How long one request may wait for its answer before it counts as failed. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private HttpLoad() {
    }

    /** A JSON POST to {@code uri}, with this {@code Authorization} header. */
    public static HttpRequest postJson(URI uri, String authorization, String body) {
        return HttpRequest.newBuilder(uri)
                          .timeout(REQUEST_TIMEOUT)
                          .header("Authorization", authorization)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build();
    }

    /** A POST without a body to {@code uri}, with this {@code Authorization} header. */
    public static HttpRequest post(URI uri, String authorization) {
        return HttpRequest.newBuilder(uri)
                          .timeout(REQUEST_TIMEOUT)
                          .header("Authorization", authorization)
                          .POST(HttpRequest.BodyPublishers.noBody())
                          .build();
    }

    /** A GET of {@code uri}, with this {@code Authorization} header. */
    public static HttpRequest get(URI uri, String authorization) {
        return HttpRequest.newBuilder(uri)
                          .timeout(REQUEST_TIMEOUT)
                          .header("Authorization", authorization)
                          .GET()
                          .build();
    }

    /**
     * Workers that send request number {@code index} as built by {@code requests}; an answer with
     * {@code acceptedStatus} is accepted, any other counts as a failure named after its status.
     */
    public static ClosedLoop.WorkerFactory expecting(HttpClient client, int acceptedStatus,
                                                     IntFunction<HttpRequest> requests) {
        return workerNumber -> index -> {
            HttpResponse<Void> response = client.send(requests.apply(index), HttpResponse.BodyHandlers.discarding());
            return failureOf(response.statusCode(), acceptedStatus);
        };
    }

    /**
     * Null when {@code status} is the accepted one, else the failure's description: {@code "HTTP <status>"}, which for
     * 429 is {@link Throttled#FAILURE}, counted apart as the platform's rate limit.
     */
    public static String failureOf(int status, int acceptedStatus) {
        return status == acceptedStatus ? null : "HTTP " + status;
    }

    /** Sends one request and fails unless it is answered with one of {@code accepted}. */
    public static void sendExpecting(HttpClient client, HttpRequest request, int... accepted)
            throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        for (int status : accepted) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                + response.statusCode() + ": " + response.body());
    }
}
