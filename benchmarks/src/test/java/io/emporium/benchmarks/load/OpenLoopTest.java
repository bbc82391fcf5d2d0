package io.emporium.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.benchmarks.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    final OpenLoop loop = new OpenLoop(new Progress(new PrintStream(new ByteArrayOutputStream()), Duration.ofSeconds(1)));

    @Test
    void issuesEveryAttemptOnScheduleWithoutWaitingForAnswers() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        Set<Integer> ended = ConcurrentHashMap.newKeySet();

        OpenLoop.Outcome outcome = loop.run(new OpenLoop.Plan("schedule", 200, 40, Duration.ofSeconds(30)), index -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                inFlight.decrementAndGet();
                return null;
            }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
        }, (index, failure) -> ended.add(index));

        assertThat(outcome.issued()).isEqualTo(40);
        assertThat(outcome.accepted()).isEqualTo(40);
        assertThat(ended).hasSize(40);
        assertThat(outcome.sendWindowNanos()).isEqualTo(39 * 5_000_000L);
        assertThat(mostInFlight.get()).as("answers take 100 ms, attempts come every 5 ms").isGreaterThan(1);
        assertThat(outcome.responseMicros().getMinValue()).as("timed from the scheduled moment").isGreaterThanOrEqualTo(99_000);
        assertThat(outcome.stoppedByTime()).isFalse();
    }

    @Test
    void countsFailuresByDescription() throws Exception {
        OpenLoop.Outcome outcome = loop.run(new OpenLoop.Plan("failures", 1_000, 10, Duration.ofSeconds(30)),
                index -> index == 0 ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
                        : CompletableFuture.completedFuture(index % 2 == 1 ? "HTTP 503" : null),
                (index, failure) -> { });

        assertThat(outcome.accepted()).isEqualTo(4);
        assertThat(outcome.failures()).containsEntry("HTTP 503", 5L).containsEntry("IllegalStateException", 1L);
        assertThat(outcome.responseMicros().getTotalCount()).isEqualTo(4);
    }

    @Test
    void reportsAnswers429AsThrottledByTheRateLimitApartFromTheFailures() throws Exception {
        OpenLoop.Outcome outcome = loop.run(new OpenLoop.Plan("throttled", 1_000, 10, Duration.ofSeconds(30)),
                index -> CompletableFuture.completedFuture(HttpLoad.failureOf(index < 3 ? 429 : index == 3 ? 500 : 202, 202)),
                (index, failure) -> { });

        assertThat(outcome.throttled()).isEqualTo(3);
        assertThat(outcome.summary()).contains("failures {HTTP 500=1}")
                                     .contains("throttled by the platform's rate limit (3 answers 429)");
    }

    @Test
    void classifiesOnly429AsThrottled() {
        assertThat(HttpLoad.failureOf(202, 202)).isNull();
        assertThat(Throttled.is(HttpLoad.failureOf(429, 202))).isTrue();
        assertThat(Throttled.is(HttpLoad.failureOf(503, 202))).isFalse();
        assertThat(Throttled.is(null)).isFalse();
        assertThat(Throttled.note(1)).isEqualTo("throttled by the platform's rate limit (1 answer 429)");
    }

    @Test
    void schedulesNoAttemptAfterTheTimeLimit() throws Exception {
        OpenLoop.Outcome outcome = loop.run(new OpenLoop.Plan("time", 100, 1_000, Duration.ofMillis(200)),
                index -> CompletableFuture.completedFuture(null), (index, failure) -> { });

        assertThat(outcome.stoppedByTime()).isTrue();
        assertThat(outcome.issued()).isEqualTo(21);
    }
}
