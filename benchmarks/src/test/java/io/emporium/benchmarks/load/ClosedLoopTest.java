package io.emporium.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.benchmarks.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    final ClosedLoop loop = new ClosedLoop(new Progress(new PrintStream(new ByteArrayOutputStream()), Duration.ofSeconds(1)));

    @Test
    void makesExactlyTheGivenNumberOfAttemptsEachIndexOnce() throws Exception {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger attempts = new AtomicInteger();

        ClosedLoop.Outcome outcome = loop.run(new ClosedLoop.Step("count", 4, 1_000, Duration.ofSeconds(30)),
                worker -> index -> {
                    attempts.incrementAndGet();
                    seen.add(index);
                    return null;
                });

        assertThat(attempts).hasValue(1_000);
        assertThat(seen).hasSize(1_000).allMatch(index -> index >= 0 && index < 1_000);
        assertThat(outcome.accepted()).isEqualTo(1_000);
        assertThat(outcome.latencyMicros().getTotalCount()).isEqualTo(1_000);
        assertThat(outcome.stoppedByTime()).isFalse();
    }

    @Test
    void startsNoAttemptAfterTheTimeLimit() throws Exception {
        ClosedLoop.Outcome outcome = loop.run(new ClosedLoop.Step("time", 2, Integer.MAX_VALUE, Duration.ofMillis(200)),
                worker -> index -> {
                    Thread.sleep(10);
                    return null;
                });

        assertThat(outcome.stoppedByTime()).isTrue();
        assertThat(outcome.accepted()).isBetween(2L, 100L);
        assertThat(outcome.seconds()).isLessThan(5);
    }

    @Test
    void countsFailuresApartFromAcceptedAttemptsAndKeepsThemOutOfTheLatencies() throws Exception {
        ClosedLoop.Outcome outcome = loop.run(new ClosedLoop.Step("failures", 3, 90, Duration.ofSeconds(30)),
                worker -> index -> {
                    if (index % 3 == 0) {
                        return "HTTP 503";
                    }
                    if (index % 3 == 1) {
                        throw new IllegalStateException("refused");
                    }
                    return null;
                });

        assertThat(outcome.accepted()).isEqualTo(30);
        assertThat(outcome.failed()).isEqualTo(60);
        assertThat(outcome.failures()).isEqualTo(Map.of("HTTP 503", 30L, "IllegalStateException", 30L));
        assertThat(outcome.latencyMicros().getTotalCount()).isEqualTo(30);
    }

    @Test
    void countsAnswers429AsThrottledByTheRateLimitNotAsFailures() throws Exception {
        ClosedLoop.Outcome outcome = loop.run(new ClosedLoop.Step("throttled", 2, 40, Duration.ofSeconds(30)),
                worker -> index -> HttpLoad.failureOf(index % 4 == 0 ? 429 : index % 4 == 1 ? 503 : 202, 202));

        assertThat(outcome.accepted()).isEqualTo(20);
        assertThat(outcome.throttled()).isEqualTo(10);
        assertThat(outcome.summary()).contains("10 failed {HTTP 503=10}")
                                     .contains("throttled by the platform's rate limit (10 answers 429)");
    }

    @Test
    void closesEveryWorkerItOpened() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();

        loop.run(new ClosedLoop.Step("resources", 5, 20, Duration.ofSeconds(30)), worker -> {
            opened.incrementAndGet();
            return new ClosedLoop.Worker() {
                @Override
                public String attempt(int index) {
                    return null;
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        });

        assertThat(opened).hasValue(5);
        assertThat(closed).hasValue(5);
    }
}
