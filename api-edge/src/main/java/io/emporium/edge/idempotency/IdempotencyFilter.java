package io.emporium.edge.idempotency;

import io.emporium.edge.limits.RequestBodyLimitFilter;
import io.emporium.edge.problem.ProblemTypes;
import io.emporium.edge.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on the command endpoints ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under
 * {@code /api/}): the first request with a key acts and its answer is kept; a repeat of the same request with the
 * same key, by the same caller, gets that answer again ({@code Idempotent-Replayed: true}) and acts no more. The
 * same key with another request (method, path or body) is refused 422; a repeat while the first is still being
 * served, 409 with {@code Retry-After}. Answers that invite a retry (429, 5xx, including 503 "no decision in time")
 * are not kept: the key is given up, and the next try acts. Keys are kept for {@code ttl}.
 */
public final class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    static final Pattern WELL_FORMED = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final IdempotencyStore store;
    private final ProblemWriter problems;
    private final Duration ttl;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    public IdempotencyFilter(IdempotencyStore store, ProblemWriter problems, Duration ttl) {
        this.store = store;
        this.problems = problems;
        this.ttl = ttl;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return request.getHeader(HEADER) == null || !COMMAND_METHODS.contains(request.getMethod())
                || !path.startsWith("/api/") || request.getUserPrincipal() == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!WELL_FORMED.matcher(key).matches()) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                    "The Idempotency-Key header must be 1 to 255 visible ASCII characters.",
                    Map.of("errors", List.of(Map.of("field", HEADER, "message", "must be 1 to 255 visible ASCII"
                            + " characters"))));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RequestBodyLimitFilter.PayloadTooLargeException tooLarge) {
            problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "Request body too large", tooLarge.getMessage(), Map.of("maxBytes", tooLarge.maxBytes()));
            return;
        }
        String caller = request.getUserPrincipal().getName();
        String fingerprint = fingerprint(request, body);
        purgeNowAndThen();
        if (!store.claim(caller, key, fingerprint)) {
            IdempotencyStore.Entry entry = store.find(caller, key, ttl).orElse(null);
            if (entry == null || entry.expired()) {
                if (entry != null) {
                    store.release(caller, key);
                }
                if (!store.claim(caller, key, fingerprint)) {
                    inProgress(request, response);
                    return;
                }
            } else {
                answerRepeat(request, response, entry, fingerprint);
                return;
            }
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new CachedBody(request, body), recorded);
            int status = recorded.getStatus();
            if (status < 500 && status != HttpStatus.TOO_MANY_REQUESTS.value()) {
                store.complete(caller, key, new IdempotencyStore.Outcome(status, recorded.getContentType(),
                        recorded.getHeader(HttpHeaders.LOCATION), recorded.getContentAsByteArray()));
                kept = true;
            }
        } finally {
            if (!kept) {
                store.release(caller, key);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void answerRepeat(HttpServletRequest request, HttpServletResponse response, IdempotencyStore.Entry entry,
                              String fingerprint) throws IOException {
        if (!entry.fingerprint().equals(fingerprint)) {
            problems.write(request, response, HttpStatus.UNPROCESSABLE_ENTITY, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency key reused",
                    "This Idempotency-Key was used for another request (method, path or body); use a new key for"
                            + " a new request.", Map.of());
            return;
        }
        if (entry.inProgress()) {
            inProgress(request, response);
            return;
        }
        IdempotencyStore.Outcome outcome = entry.outcome();
        response.setStatus(outcome.status());
        response.setHeader(REPLAYED, "true");
        if (outcome.contentType() != null) {
            response.setContentType(outcome.contentType());
        }
        if (outcome.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, outcome.location());
        }
        if (outcome.body() != null) {
            response.getOutputStream().write(outcome.body());
        }
    }

    private void inProgress(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        problems.write(request, response, HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENCY_KEY_IN_PROGRESS,
                "Request in progress", "The first request with this Idempotency-Key is still being served; repeat"
                        + " it shortly to get its answer.", Map.of());
    }

    private void purgeNowAndThen() {
        Instant last = lastPurge.get();
        Instant now = Instant.now();
        if (last.plus(PURGE_EVERY).isBefore(now) && lastPurge.compareAndSet(last, now)) {
            store.purgeOlderThan(ttl);
        }
    }

    static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((request.getMethod() + " " + request.getRequestURI() + "?"
                    + (request.getQueryString() == null ? "" : request.getQueryString()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The request with its body read once and served again from memory (bounded by the body limit). */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
