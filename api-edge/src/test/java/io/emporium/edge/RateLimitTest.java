package io.emporium.edge;

import static io.emporium.edge.EdgeTestApplication.bearer;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.messages.query.ProductCatalogue;
import io.github.bucket4j.TimeMeter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;

/** Per-client rate limits: three queries a minute here, on a clock the test moves. */
@TestPropertySource(properties = {"emporium.edge.limits.queries.capacity=3", "emporium.edge.limits.queries.period=1m",
        "emporium.edge.limits.commands.capacity=1", "emporium.edge.limits.commands.period=1m"})
@Import(RateLimitTest.ManualClock.class)
class RateLimitTest extends EdgeWebTest {

    @TestConfiguration
    static class ManualClock {

        static final AtomicLong NANOS = new AtomicLong();

        @Bean
        TimeMeter manualTimeMeter() {
            return new TimeMeter() {
                @Override
                public long currentTimeNanos() {
                    return NANOS.get();
                }

                @Override
                public boolean isWallClockBased() {
                    return false;
                }
            };
        }
    }

    @Autowired
    TimeMeter clock;

    @BeforeEach
    void catalogueAnswers() {
        when(queryGateway.query(any(), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new ProductCatalogue(List.of())));
        ManualClock.NANOS.addAndGet(TimeUnit.HOURS.toNanos(1)); // every test starts with full buckets
    }

    private ResultActions catalogue(String subject) throws Exception {
        return mvc.perform(get("/api/products").header(HttpHeaders.AUTHORIZATION, bearer(subject, "customer")));
    }

    @Test
    void aClientOverItsLimitIsAnswered429WithRetryAfterAndRateLimitHeaders() throws Exception {
        catalogue("c-1").andExpect(status().isOk())
                        .andExpect(header().string("RateLimit-Limit", "3"))
                        .andExpect(header().string("RateLimit-Remaining", "2"));
        catalogue("c-1").andExpect(status().isOk());
        catalogue("c-1").andExpect(status().isOk()).andExpect(header().string("RateLimit-Remaining", "0"));

        catalogue("c-1").andExpect(status().isTooManyRequests())
                        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(jsonPath("$.type").value("urn:emporium:problem:rate-limited"))
                        .andExpect(jsonPath("$.status").value(429))
                        .andExpect(header().string("Retry-After", "20"))
                        .andExpect(jsonPath("$.retryAfterSeconds").value(20))
                        .andExpect(header().string("RateLimit-Remaining", "0"))
                        .andExpect(header().string("RateLimit-Reset", "60"));
    }

    @Test
    void theLimitRecoversOnceTheBucketRefills() throws Exception {
        for (int i = 0; i < 3; i++) {
            catalogue("c-2").andExpect(status().isOk());
        }
        catalogue("c-2").andExpect(status().isTooManyRequests());

        ManualClock.NANOS.addAndGet(TimeUnit.SECONDS.toNanos(20));

        catalogue("c-2").andExpect(status().isOk());
        catalogue("c-2").andExpect(status().isTooManyRequests());
    }

    @Test
    void eachClientAndEachEndpointGroupHasItsOwnBucket() throws Exception {
        for (int i = 0; i < 3; i++) {
            catalogue("c-3").andExpect(status().isOk());
        }
        catalogue("c-3").andExpect(status().isTooManyRequests());
        catalogue("c-4").andExpect(status().isOk());

        givenCommandsAreAccepted();
        mvc.perform(post("/api/products/{sku}/stock", "MUG-001").contentType(MediaType.APPLICATION_JSON)
                                                                 .content("{\"quantity\": 1}")
                                                                 .header(HttpHeaders.AUTHORIZATION, bearer("c-3", "operator")))
           .andExpect(status().isOk())
           .andExpect(header().string("RateLimit-Limit", "1"));
    }
}
