package io.emporium.edge.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.edge.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The Idempotency-Key rules, on a store in memory. */
class IdempotencyFilterTest {

    /** Keys in a map, as the JDBC store keeps them in a table. */
    static final class MemoryStore implements IdempotencyStore {

        final Map<String, Entry> entries = new HashMap<>();
        boolean expire;

        @Override
        public boolean claim(String caller, String key, String fingerprint) {
            return entries.putIfAbsent(caller + "|" + key, new Entry(fingerprint, null, false)) == null;
        }

        @Override
        public Optional<Entry> find(String caller, String key, Duration ttl) {
            return Optional.ofNullable(entries.get(caller + "|" + key))
                           .map(entry -> new Entry(entry.fingerprint(), entry.outcome(), expire));
        }

        @Override
        public void complete(String caller, String key, Outcome outcome) {
            entries.computeIfPresent(caller + "|" + key, (k, entry) -> new Entry(entry.fingerprint(), outcome, false));
        }

        @Override
        public void release(String caller, String key) {
            entries.remove(caller + "|" + key);
        }

        @Override
        public int purgeOlderThan(Duration ttl) {
            return 0;
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final IdempotencyFilter filter = new IdempotencyFilter(store, new ProblemWriter(new ObjectMapper()),
                                                                   Duration.ofHours(24));
    private final AtomicInteger acted = new AtomicInteger();
    private int status = 200;

    private final FilterChain chain = (request, response) -> {
        acted.incrementAndGet();
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

    @Test
    void aRepeatWhileTheFirstIsServedIsAnswered409() throws Exception {
        store.claim("staff-1", "k-4", IdempotencyFilter.fingerprint(postOf("{\"quantity\":5}"),
                                                                    "{\"quantity\":5}".getBytes(StandardCharsets.UTF_8)));
        MockHttpServletResponse repeat = send("k-4", "{\"quantity\":5}", "staff-1");

        assertThat(repeat.getStatus()).isEqualTo(409);
        assertThat(repeat.getHeader("Retry-After")).isEqualTo("1");
        assertThat(repeat.getContentAsString()).contains("urn:emporium:problem:idempotency-key-in-progress");
        assertThat(acted).hasValue(0);
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
        store.expire = true;
        send("k-6", "{\"quantity\":5}", "staff-1");

        assertThat(acted).hasValue(2);
    }

    @Test
    void aMalformedKeyIsRefused400() throws Exception {
        MockHttpServletResponse answer = send("has spaces", "{\"quantity\":5}", "staff-1");

        assertThat(answer.getStatus()).isEqualTo(400);
        assertThat(answer.getContentAsString()).contains("Idempotency-Key");
        assertThat(acted).hasValue(0);
    }

    private static MockHttpServletRequest postOf(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/products/LAMP-1/stock");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
