package io.emporium.edge.idempotency;

import io.emporium.edge.EdgeProperties;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on the command endpoints ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under
 * {@code /api/}): the first request with a key acts and its answer is kept; a repeat of the same request with the
 * same key, by the same caller, gets that answer again ({@code Idempotent-Replayed: true}) and acts no more. The
 * same key with another request (method, path or body) is refused 422; a repeat while the first is still being
 * served, 409 with {@code Retry-After}. Answers that invite a retry (429, 5xx, including 503 "no decision in time")
 * are not kept: the key is given up, and the next try acts. Keys are kept for {@code ttl}.
 * <p>
 * The request serving a key holds it under a lease, renewed on Spring's task scheduler every third of
 * {@code lease} while the request runs (decision 0043). A process killed mid-request renews no more: once its lease
 * has lapsed, a repeat takes the key over (atomically, so of concurrent repeats one does) and acts again. The
 * commands are idempotent by their ids (decision 0005), so acting again on a command that did land answers what
 * the first request would have (the same order id, the same 202), and that answer is kept.
 */
public final class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_LENGTH = 255;
    static final Pattern WELL_FORMED = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");
    private static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyStore store;
    private final ProblemWriter problems;
    private final EdgeProperties.Idempotency settings;
    private final Clock clock;
    private final TaskScheduler scheduler;

    public IdempotencyFilter(IdempotencyStore store, ProblemWriter problems, EdgeProperties.Idempotency settings,
                             Clock clock, TaskScheduler scheduler) {
        this.store = store;
        this.problems = problems;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
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
                    "The Idempotency-Key header must be 1 to " + MAX_LENGTH + " visible ASCII characters.",
                    Map.of("errors", List.of(Map.of("field", HEADER, "message", "must be 1 to " + MAX_LENGTH
                            + " visible ASCII characters"))));
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
        String holder = UUID.randomUUID().toString();
        Instant now = clock.instant();
        if (!store.claim(caller, key, fingerprint, holder, now, now.plus(settings.lease()))) {
            IdempotencyStore.Entry entry = store.find(caller, key).orElse(null);
            Instant expiredBefore = now.minus(settings.ttl());
            if (entry == null || entry.createdAt().isBefore(expiredBefore)) {
                if (entry != null) {
                    store.forgetIfCreatedBefore(caller, key, expiredBefore);
                }
                if (!store.claim(caller, key, fingerprint, holder, now, now.plus(settings.lease()))) {
                    inProgress(request, response);
                    return;
                }
            } else if (!entry.fingerprint().equals(fingerprint) || !entry.inProgress() || entry.leaseAliveAt(now)) {
                answerRepeat(request, response, entry, fingerprint);
                return;
            } else if (!store.takeOver(caller, key, fingerprint, holder, now, now.plus(settings.lease()))) {
                inProgress(request, response);
                return;
            } else {
                LOG.info("Idempotency-Key of a request whose lease lapsed at {} (its process died) taken over;"
                        + " acting again", entry.leaseUntil());
            }
        }
        act(request, response, chain, body, caller, key, holder);
    }

    private void act(HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] body,
                     String caller, String key, String holder) throws ServletException, IOException {
        Duration every = settings.lease().dividedBy(3);
        ScheduledFuture<?> renewal = scheduler.scheduleAtFixedRate(
                () -> renew(caller, key, holder), clock.instant().plus(every), every);
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new CachedBody(request, body), recorded);
            int status = recorded.getStatus();
            if (status < 500 && status != HttpStatus.TOO_MANY_REQUESTS.value()) {
                store.complete(caller, key, holder, new IdempotencyStore.Outcome(status, recorded.getContentType(),
                        recorded.getHeader(HttpHeaders.LOCATION), recorded.getContentAsByteArray()));
                kept = true;
            }
        } finally {
            renewal.cancel(false);
            if (!kept) {
                store.release(caller, key, holder);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void renew(String caller, String key, String holder) {
        if (!store.renew(caller, key, holder, clock.instant().plus(settings.lease()))) {
            LOG.warn("The lease of an Idempotency-Key still being served could not be renewed: it was answered or"
                    + " taken over by a repeat (was the lease too short for the renewals to arrive in time?)");
        }
    }

    /** Deletes the keys older than the ttl; Spring's scheduler calls it now and then (see EdgeModule). */
    public int purgeExpired() {
        return store.purgeCreatedBefore(clock.instant().minus(settings.ttl()));
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

    static String fingerprint(HttpServletRequest request, byte[] body) {
        return fingerprint(request.getMethod(), request.getRequestURI(), request.getQueryString(), body);
    }

    /** What tells one request from another under one key: SHA-256 of method, path, query and body, in hex. */
    public static String fingerprint(String method, String path, String query, byte[] body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + path + "?" + (query == null ? "" : query) + "\n")
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
