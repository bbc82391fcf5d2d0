package io.emporium.edge.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.edge.EdgeProperties;
import io.emporium.edge.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

/** The Idempotency-Key rules and its leases, on a store in memory and a clock the test moves. */
class IdempotencyFilterTest {

    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration TTL = Duration.ofHours(24);

    /** Keys in a map, as the JDBC store keeps them in a table, with the same conditions on holder and lease. */
    static final class MemoryStore implements IdempotencyStore {

        record Row(Entry entry, String holder) {
        }

        final Map<String, Row> rows = new HashMap<>();

        @Override
        public boolean claim(String caller, String key, String fingerprint, String holder, Instant now,
                             Instant leaseUntil) {
            return rows.putIfAbsent(caller + "|" + key, new Row(new Entry(fingerprint, null, now, leaseUntil), holder))
                    == null;
        }

        @Override
        public boolean takeOver(String caller, String key, String fingerprint, String holder, Instant now,
                                Instant leaseUntil) {
            Row row = rows.get(caller + "|" + key);
            if (row == null || !row.entry().fingerprint().equals(fingerprint) || row.entry().leaseAliveAt(now)
                    || !row.entry().inProgress()) {
                return false;
            }
            rows.put(caller + "|" + key, new Row(new Entry(fingerprint, null, row.entry().createdAt(), leaseUntil),
                                                 holder));
            return true;
        }

        @Override
        public boolean renew(String caller, String key, String holder, Instant leaseUntil) {
            Row row = rows.get(caller + "|" + key);
            if (row == null || !row.holder().equals(holder) || !row.entry().inProgress()) {
                return false;
            }
            Entry entry = row.entry();
            rows.put(caller + "|" + key, new Row(new Entry(entry.fingerprint(), null, entry.createdAt(), leaseUntil),
                                                 holder));
            return true;
        }

        @Override
        public Optional<Entry> find(String caller, String key) {
            return Optional.ofNullable(rows.get(caller + "|" + key)).map(Row::entry);
        }

        @Override
        public void complete(String caller, String key, String holder, Outcome outcome) {
            rows.computeIfPresent(caller + "|" + key, (k, row) -> row.holder().equals(holder)
                    ? new Row(new Entry(row.entry().fingerprint(), outcome, row.entry().createdAt(), null), holder)
                    : row);
        }

        @Override
        public void release(String caller, String key, String holder) {
            rows.computeIfPresent(caller + "|" + key, (k, row) -> row.holder().equals(holder) ? null : row);
        }

        @Override
        public void forgetIfCreatedBefore(String caller, String key, Instant createdBefore) {
            rows.computeIfPresent(caller + "|" + key,
                                  (k, row) -> row.entry().createdAt().isBefore(createdBefore) ? null : row);
        }

        @Override
        public int purgeCreatedBefore(Instant createdBefore) {
            int before = rows.size();
            rows.values().removeIf(row -> row.entry().createdAt().isBefore(createdBefore));
            return before - rows.size();
        }
    }

    /** A clock the test moves by hand. */
    static final class MovingClock extends Clock {

        Instant now = Instant.parse("2026-12-03T07:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Spring's scheduler as the filter uses it for renewals, run by the test when it chooses. */
    static final class ManualScheduler extends ConcurrentTaskScheduler {

        final List<Runnable> renewals = new ArrayList<>();
        final List<ScheduledFuture<?>> futures = new ArrayList<>();

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
            CompletableFuture<Void> never = new CompletableFuture<>();
            ScheduledFuture<?> future = new ScheduledFuture<Void>() {
                @Override
                public long getDelay(TimeUnit unit) {
                    return 0;
                }

                @Override
                public int compareTo(Delayed other) {
                    return 0;
                }

                @Override
                public boolean cancel(boolean interrupt) {
                    renewals.remove(task);
                    return never.cancel(interrupt);
                }

                @Override
                public boolean isCancelled() {
                    return never.isCancelled();
                }

                @Override
                public boolean isDone() {
                    return never.isDone();
                }

                @Override
                public Void get() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Void get(long timeout, TimeUnit unit) {
                    throw new UnsupportedOperationException();
                }
            };
            renewals.add(task);
            futures.add(future);
            return future;
        }

        void runRenewals() {
            List.copyOf(renewals).forEach(Runnable::run);
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final MovingClock clock = new MovingClock();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final IdempotencyFilter filter = new IdempotencyFilter(store, new ProblemWriter(new ObjectMapper()),
                                                                   new EdgeProperties.Idempotency(TTL, LEASE), clock,
                                                                   scheduler);
    private final AtomicInteger acted = new AtomicInteger();
    private int status = 200;

    /** What happens while the command runs, after it has been counted as acting. */
    private Callable<?> midCommand = () -> null;

    private final FilterChain chain = (request, response) -> {
        acted.incrementAndGet();
        try {
            midCommand.call();
        } catch (Exception e) {
            throw new ServletException(e);
        }
        byte[] body = request.getInputStream().readAllBytes();
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(status);
        http.setContentType("application/json");
        http.setHeader("Location", "/api/products/LAMP-1");
        http.getOutputStream().write(("{\"received\":" + new String(body, StandardCharsets.UTF_8) + ",\"n\":"
                + acted.get() + "}").getBytes(StandardCharsets.UTF_8));
    };

    private MockHttpServletResponse send(String key, String body, String caller) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/products/LAMP-1/stock");
        request.addHeader(IdempotencyFilter.HEADER, key);
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        request.setContentType("application/json");
        Principal principal = () -> caller;
        request.setUserPrincipal(principal);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    @Test
    void aRepeatedRequestGetsTheFirstAnswerAgainAndActsNoMore() throws Exception {
        MockHttpServletResponse first = send("k-1", "{\"quantity\":5}", "staff-1");
        MockHttpServletResponse repeat = send("k-1", "{\"quantity\":5}", "staff-1");

        assertThat(acted).hasValue(1);
        assertThat(repeat.getStatus()).isEqualTo(first.getStatus());
        assertThat(repeat.getContentAsString()).isEqualTo(first.getContentAsString()).contains("\"n\":1");
        assertThat(repeat.getHeader("Location")).isEqualTo("/api/products/LAMP-1");
        assertThat(repeat.getHeader(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(first.getHeader(IdempotencyFilter.REPLAYED)).isNull();
    }

    @Test
    void theSameKeyForAnotherRequestIsRefused422() throws Exception {
        send("k-2", "{\"quantity\":5}", "staff-1");
        MockHttpServletResponse other = send("k-2", "{\"quantity\":6}", "staff-1");

        assertThat(other.getStatus()).isEqualTo(422);
        assertThat(other.getContentType()).isEqualTo("application/problem+json");
        assertThat(other.getContentAsString()).contains("urn:emporium:problem:idempotency-key-reused");
        assertThat(acted).hasValue(1);
    }

    @Test
    void keysBelongToTheirCaller() throws Exception {
        send("k-3", "{\"quantity\":5}", "staff-1");
        send("k-3", "{\"quantity\":5}", "staff-2");

        assertThat(acted).hasValue(2);
    }

    private String fingerprintOf(String body) {
        return IdempotencyFilter.fingerprint(postOf(body), body.getBytes(StandardCharsets.UTF_8));
    }

    /** A claim as a request leaves it that is still being served, or whose process was killed mid-command. */
    private void claimedByAnotherRequest(String key, String body) {
        Instant now = clock.instant();
        store.claim("staff-1", key, fingerprintOf(body), "another-request", now, now.plus(LEASE));
    }

    @Test
    void aRepeatWhileTheFirstIsServedIsAnswered409() throws Exception {
        claimedByAnotherRequest("k-4", "{\"quantity\":5}");
        clock.advance(LEASE.minusSeconds(1));
        MockHttpServletResponse repeat = send("k-4", "{\"quantity\":5}", "staff-1");

        assertThat(repeat.getStatus()).isEqualTo(409);
        assertThat(repeat.getHeader("Retry-After")).isEqualTo("1");
        assertThat(repeat.getContentType()).isEqualTo("application/problem+json");
        assertThat(repeat.getContentAsString()).contains("urn:emporium:problem:idempotency-key-in-progress");
        assertThat(acted).hasValue(0);
    }

    @Test
    void aRepeatAfterTheLeaseOfACrashedRequestLapsedTakesTheKeyOverActsAndKeepsItsAnswer() throws Exception {
        claimedByAnotherRequest("k-7", "{\"quantity\":5}");
        clock.advance(LEASE);

        MockHttpServletResponse retry = send("k-7", "{\"quantity\":5}", "staff-1");
        MockHttpServletResponse again = send("k-7", "{\"quantity\":5}", "staff-1");

        assertThat(retry.getStatus()).isEqualTo(200);
        assertThat(retry.getHeader(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(acted).hasValue(1);
        assertThat(again.getHeader(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(again.getContentAsString()).isEqualTo(retry.getContentAsString());
    }

    @Test
    void aLapsedLeaseIsNotTakenOverByAnotherRequestWithTheSameKey() throws Exception {
        claimedByAnotherRequest("k-8", "{\"quantity\":5}");
        clock.advance(LEASE.plusMinutes(1));

        MockHttpServletResponse other = send("k-8", "{\"quantity\":6}", "staff-1");

        assertThat(other.getStatus()).isEqualTo(422);
        assertThat(acted).hasValue(0);
    }

    @Test
    void aSlowCommandRenewsItsLeaseSoARepeatWhileItRunsIsStill409() throws Exception {
        List<MockHttpServletResponse> repeats = new ArrayList<>();
        midCommand = () -> {
            midCommand = () -> null;
            for (int third = 0; third < 9; third++) {
                clock.advance(LEASE.dividedBy(3));
                scheduler.runRenewals();
            }
            repeats.add(send("k-9", "{\"quantity\":5}", "staff-1"));
            return null;
        };

        MockHttpServletResponse first = send("k-9", "{\"quantity\":5}", "staff-1");

        assertThat(repeats).singleElement().extracting(MockHttpServletResponse::getStatus).isEqualTo(409);
        assertThat(acted).hasValue(1);
        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(scheduler.renewals).as("the renewal stops with the request").isEmpty();
        assertThat(scheduler.futures).allMatch(ScheduledFuture::isCancelled);
    }

    @Test
    void aRequestWhoseKeyWasTakenOverMeanwhileDoesNotOverwriteTheAnswerKept() throws Exception {
        midCommand = () -> {
            midCommand = () -> null;
            clock.advance(LEASE);
            // its renewals did not arrive in time (a stalled process): a repeat takes the key over and answers
            send("k-10", "{\"quantity\":5}", "staff-1");
            return null;
        };

        send("k-10", "{\"quantity\":5}", "staff-1");
        MockHttpServletResponse replayed = send("k-10", "{\"quantity\":5}", "staff-1");

        assertThat(acted).hasValue(2);
        assertThat(replayed.getHeader(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(replayed.getContentAsString()).contains("\"n\":2");
    }

    @Test
    void anAnswerInvitingARetryIsNotKeptSoTheRetryActs() throws Exception {
        status = 503;
        assertThat(send("k-5", "{\"quantity\":5}", "staff-1").getStatus()).isEqualTo(503);
        status = 200;
        assertThat(send("k-5", "{\"quantity\":5}", "staff-1").getStatus()).isEqualTo(200);

        assertThat(acted).hasValue(2);
    }

    @Test
    void anExpiredKeyActsAgain() throws Exception {
        send("k-6", "{\"quantity\":5}", "staff-1");
        clock.advance(TTL.plusSeconds(1));
        send("k-6", "{\"quantity\":5}", "staff-1");

        assertThat(acted).hasValue(2);
    }

    @Test
    void thePurgeDeletesOnlyKeysOlderThanTheTtl() throws Exception {
        send("k-11", "{\"quantity\":5}", "staff-1");
        clock.advance(TTL.minusSeconds(1));
        send("k-12", "{\"quantity\":5}", "staff-1");
        clock.advance(Duration.ofSeconds(2));

        assertThat(filter.purgeExpired()).isEqualTo(1);
        assertThat(store.find("staff-1", "k-11")).isEmpty();
        assertThat(store.find("staff-1", "k-12")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"has spaces", "nul\u0000inside", "bell\u0007", "tab\tinside", "", "\u00e9t\u00e9"})
    void aMalformedKeyIsRefused400ProblemJson(String key) throws Exception {
        MockHttpServletResponse answer = send(key, "{\"quantity\":5}", "staff-1");

        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(answer.getContentType()).isEqualTo("application/problem+json");
        assertThat(answer.getContentAsString()).contains("Idempotency-Key");
        assertThat(acted).hasValue(0);
    }

    @Test
    void aKeyOfTheLongestLengthIsAcceptedAndOneLongerRefused400() throws Exception {
        assertThat(send("k".repeat(IdempotencyFilter.MAX_LENGTH), "{}", "staff-1").getStatus()).isEqualTo(200);
        MockHttpServletResponse tooLong = send("k".repeat(IdempotencyFilter.MAX_LENGTH + 1), "{}", "staff-1");

        assertThat(tooLong.getStatus()).isEqualTo(400);
        assertThat(tooLong.getContentType()).isEqualTo("application/problem+json");
        assertThat(acted).hasValue(1);
    }

    private static MockHttpServletRequest postOf(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/products/LAMP-1/stock");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
