package io.emporium.edge.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.emporium.edge.problem.ProblemTypes;
import io.emporium.edge.problem.ProblemWriter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts requests per client and endpoint group with Bucket4j token buckets, and answers 429 problem+json with
 * {@code Retry-After} once a client's bucket is empty. The client is the token's subject, or the remote address for
 * an unauthenticated request (runs after Spring Security, so the subject is known). Every counted answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the bucket is full
 * again), as the IETF RateLimit header fields draft names them. Health and other actuator endpoints are not counted.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

    /** The endpoint groups, each with a limit of its own. */
    public enum Group { COMMANDS, QUERIES, ADMIN, ANONYMOUS }

    private final RateLimitProperties limits;
    private final ProblemWriter problems;
    private final TimeMeter clock;
    private final Cache<String, Bucket> buckets;

    public RateLimitFilter(RateLimitProperties limits, ProblemWriter problems, TimeMeter clock) {
        this.limits = limits;
        this.problems = problems;
        this.clock = clock;
        this.buckets = Caffeine.newBuilder()
                               .maximumSize(limits.maxClients())
                               .expireAfterAccess(Duration.ofHours(1))
                               .build();
    }

    /** The group a request counts against, or null when it is not counted. */
    static Group groupOf(HttpServletRequest request, boolean authenticated) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/actuator/") || path.equals("/error")) {
            return null;
        }
        if (!authenticated) {
            return Group.ANONYMOUS;
        }
        if (path.startsWith("/api/admin/")) {
            return Group.ADMIN;
        }
        if (path.startsWith("/api/")) {
            String method = request.getMethod();
            return "GET".equals(method) || "HEAD".equals(method) ? Group.QUERIES : Group.COMMANDS;
        }
        return Group.ANONYMOUS;
    }

    private RateLimitProperties.Limit limitOf(Group group) {
        return switch (group) {
            case COMMANDS -> limits.commands();
            case QUERIES -> limits.queries();
            case ADMIN -> limits.admin();
            case ANONYMOUS -> limits.anonymous();
        };
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limits.rateLimiting();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Principal principal = request.getUserPrincipal();
        Group group = groupOf(request, principal != null);
        if (group == null) {
            chain.doFilter(request, response);
            return;
        }
        String client = principal != null ? "subject:" + principal.getName() : "address:" + request.getRemoteAddr();
        RateLimitProperties.Limit limit = limitOf(group);
        Bucket bucket = buckets.get(group + "|" + client, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                                   .refillGreedy(limit.capacity(), limit.period()).build())
                .withCustomTimePrecision(clock)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        response.setHeader("RateLimit-Limit", Long.toString(limit.capacity()));
        response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
        response.setHeader("RateLimit-Reset", Long.toString(seconds(probe.getNanosToWaitForReset())));
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        response.setHeader("Retry-After", Long.toString(retryAfter));
        problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                       "Too many requests",
                       "More than " + limit.capacity() + " " + group.name().toLowerCase() + " requests within "
                               + limit.period() + " from this client; retry after " + retryAfter + " s.",
                       Map.of("retryAfterSeconds", retryAfter));
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }

    /** How many clients' buckets are held right now (for tests of the bound). */
    long bucketCount() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
