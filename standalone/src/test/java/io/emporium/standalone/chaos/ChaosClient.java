package io.emporium.standalone.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A client of the platform as a careful caller would write it: every command carries an {@code Idempotency-Key}, and
 * a request that got no answer (connection refused or reset, no answer within {@link #REQUEST_TIMEOUT}), a 503, or a
 * 409 "still in progress" for its key is sent again, the same request with the same key, until {@link #GIVE_UP}. It
 * counts what it sent and what came back, for the figures the chaos tests print.
 */
final class ChaosClient {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration GIVE_UP = Duration.ofSeconds(90);
    /**
     * How long a key the platform reports "in progress" is asked again before the client gives up on it: longer than
     * the platform's lease of a claim (30 s, {@code emporium.edge.idempotency.lease}, decision 0043), so that a claim
     * left by a killed JVM, or by a request that failed while the database was away, always lapses while the client
     * still asks, and the client's retry takes it over. A client that gave up would be a client blocked for good.
     */
    static final Duration IN_PROGRESS_GIVE_UP = Duration.ofSeconds(45);
    static final String GAVE_UP_IN_PROGRESS = "gave up on a key in progress";
    static final String IN_PROGRESS = "urn:emporium:problem:idempotency-key-in-progress";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicLong slowest = new AtomicLong();
    private volatile String token;

    record Answer(int status, String contentType, JsonNode body, long millis) {

        String type() {
            return body == null || !body.hasNonNull("type") ? null : body.get("type").asText();
        }
    }

    ChaosClient(URI base) {
        this.base = base;
    }

    /** A token for a caller with both roles, from {@code POST /local/tokens} (profile {@code local}). */
    void login(String subject) {
        Answer answer = sendOnce("POST", "/local/tokens", """
                {"subject":"%s","roles":["customer","operator"],"lifetimeMinutes":1440}""".formatted(subject), null);
        if (answer.status() != 200) {
            throw new IllegalStateException("POST /local/tokens answered " + answer.status()
                                                    + ": is the profile local?");
        }
        token = answer.body().get("accessToken").asText();
    }

    /** A bearer token of the caller's own (a deployment's issuer): it must hold the customer and operator roles. */
    void useToken(String bearerToken) {
        token = bearerToken;
    }

    /** A command, sent again under the same key until it has an answer that is not an invitation to retry. */
    Answer command(String path, String body, String idempotencyKey) {
        count("requests sent");
        Instant giveUp = Instant.now().plus(GIVE_UP);
        Instant firstInProgress = null;
        int attempt = 0;
        while (true) {
            if (attempt++ > 0) {
                count("retries");
                pause(Math.min(2000, 100L << Math.min(attempt, 5)));
            }
            Answer answer;
            try {
                answer = sendOnce("POST", path, body, idempotencyKey);
            } catch (NoAnswer e) {
                count("no answer: " + e.kind);
                if (Instant.now().isAfter(giveUp)) {
                    count("gave up");
                    return null;
                }
                continue;
            }
            count("answered " + answer.status());
            slowest.accumulateAndGet(answer.millis(), Math::max);
            if (answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json")) {
                count("answered " + answer.status() + " not problem+json");
            }
            if (answer.status() == 409 && IN_PROGRESS.equals(answer.type())) {
                count("answered 409 in progress");
                firstInProgress = firstInProgress == null ? Instant.now() : firstInProgress;
                if (Instant.now().isAfter(firstInProgress.plus(IN_PROGRESS_GIVE_UP))) {
                    count(GAVE_UP_IN_PROGRESS);
                    return answer;
                }
            } else if (answer.status() != 503 && answer.status() != 429) {
                return answer;
            }
            if (Instant.now().isAfter(giveUp)) {
                count("gave up");
                return answer;
            }
        }
    }

    /** A read, asked again while the platform does not answer or answers 503. */
    Answer read(String path) {
        Instant giveUp = Instant.now().plus(GIVE_UP);
        while (true) {
            try {
                Answer answer = sendOnce("GET", path, null, null);
                if (answer.status() != 503 || Instant.now().isAfter(giveUp)) {
                    return answer;
                }
            } catch (NoAnswer e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("no answer to GET " + path + " for " + GIVE_UP + ": " + e.kind);
                }
            }
            pause(200);
        }
    }

    /** One request, no retry. */
    Answer sendOnce(String method, String path, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body))
                   .header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        Instant sent = Instant.now();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long millis = Duration.between(sent, Instant.now()).toMillis();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (contentType.contains("json") && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), contentType, json, millis);
        } catch (HttpTimeoutException e) {
            throw new NoAnswer("timeout");
        } catch (ConnectException e) {
            throw new NoAnswer("connection refused");
        } catch (IOException e) {
            throw new NoAnswer("connection reset");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void count(String what) {
        counts.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    long figure(String what) {
        LongAdder adder = counts.get(what);
        return adder == null ? 0 : adder.sum();
    }

    /** Every figure counted so far, sorted by name. */
    Map<String, Long> figures() {
        Map<String, Long> figures = new TreeMap<>();
        counts.forEach((name, adder) -> figures.put(name, adder.sum()));
        figures.put("slowest answer to a command (ms)", slowest.get());
        return figures;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** No HTTP answer at all: refused, reset, or timed out. */
    static final class NoAnswer extends UncheckedIOException {

        final String kind;

        NoAnswer(String kind) {
            super(kind, new IOException(kind));
            this.kind = kind;
        }
    }
}
