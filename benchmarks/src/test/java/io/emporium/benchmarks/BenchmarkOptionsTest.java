package io.emporium.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void withoutArgumentsAFullRunStartsThePlatformItselfAndWritesUnderDocs() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[0], Map.of());

        assertThat(options.sizes().name()).isEqualTo("full");
        assertThat(options.inProcess()).isTrue();
        assertThat(options.outputDir()).isEqualTo(Path.of("docs", "benchmarks"));
        assertThat(options.dbUrl()).isEqualTo(BenchmarkOptions.DEFAULT_DB_URL);
        assertThat(options.dbUser()).isEqualTo("postgres");
        assertThat(options.profileDir()).isNull();
    }

    @Test
    void profilesGoUnderTargetWhenAskedFor() {
        assertThat(BenchmarkOptions.parse(new String[] {"--profile"}, Map.of()).profileDir())
                .isEqualTo(Path.of("target", "benchmark-profiles"));
    }

    @Test
    void aQuickRunWritesUnderTargetSoThatItsFiguresAreNeverCommittedByMistake() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--quick"}, Map.of());

        assertThat(options.sizes().name()).isEqualTo("quick");
        assertThat(options.outputDir()).isEqualTo(Path.of("target", "benchmark-quick"));
    }

    @Test
    void aSmokeRunWritesUnderTargetToo() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--smoke"}, Map.of());

        assertThat(options.sizes().name()).isEqualTo("smoke");
        assertThat(options.outputDir()).isEqualTo(Path.of("target", "benchmark-smoke"));
    }

    @Test
    void aFullRunAgainstAUrlNeverReplacesTheCommittedStandaloneResultsUnlessTold() {
        assertThat(BenchmarkOptions.parse(new String[] {"--url", "http://127.0.0.1:8080"}, Map.of()).outputDir())
                .isEqualTo(Path.of("target", "benchmark-url"));
        assertThat(BenchmarkOptions.parse(new String[] {"--url", "http://127.0.0.1:8080", "--out", "docs/benchmarks/axon-server"},
                Map.of()).outputDir()).isEqualTo(Path.of("docs", "benchmarks", "axon-server"));
    }

    @Test
    void takesTheTargetUrlOutputAndDatabaseFromTheCommandLineBeforeTheEnvironment() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--url", "http://127.0.0.1:8080", "--out", "x",
                        "--db-url", "jdbc:postgresql://localhost:5432/other_bench"},
                Map.of("EMPORIUM_BENCH_DB_URL", "jdbc:postgresql://localhost:5432/env_bench", "EMPORIUM_DB_USER", "bench"));

        assertThat(options.targetUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(options.inProcess()).isFalse();
        assertThat(options.outputDir()).isEqualTo(Path.of("x"));
        assertThat(options.dbUrl()).isEqualTo("jdbc:postgresql://localhost:5432/other_bench");
        assertThat(options.dbUser()).isEqualTo("bench");
    }

    @Test
    void aTokenForTheTargetComesFromTheCommandLineOrTheEnvironmentAndOnlyWithUrl() {
        assertThat(BenchmarkOptions.parse(new String[] {"--url", "http://127.0.0.1:8080", "--token", "abc"}, Map.of())
                                   .token()).isEqualTo("abc");
        assertThat(BenchmarkOptions.parse(new String[] {"--url", "http://127.0.0.1:8080"},
                                          Map.of("EMPORIUM_BENCH_TOKEN", "env")).token()).isEqualTo("env");
        assertThat(BenchmarkOptions.parse(new String[0], Map.of("EMPORIUM_BENCH_TOKEN", "env")).token()).isNull();
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--token", "abc"}, Map.of()))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("--token is for --url");
    }

    @Test
    void refusesToLoadAnythingButThisMachine() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--url", "http://10.1.2.3:8080"}, Map.of()))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("must point at this machine");
    }

    @Test
    void refusesUnknownArgumentsAndMissingValues() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--fast"}, Map.of()))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("--fast");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--url"}, Map.of()))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("needs a value");
    }

    @Test
    void aPartialRunRunsOnlyTheNamedScenariosAndNeverWritesUnderDocs() {
        BenchmarkOptions partial = BenchmarkOptions.parse(new String[] {"--scenarios", "2, 3"}, Map.of());
        assertThat(partial.runs(2)).isTrue();
        assertThat(partial.runs(3)).isTrue();
        assertThat(partial.runs(1)).isFalse();
        assertThat(partial.outputDir()).isEqualTo(Path.of("target", "benchmark-partial"));

        BenchmarkOptions whole = BenchmarkOptions.parse(new String[0], Map.of());
        assertThat(whole.runs(1)).isTrue();
        assertThat(whole.outputDir()).isEqualTo(Path.of("docs", "benchmarks"));

        assertThat(BenchmarkOptions.parse(new String[] {"--scenarios", "7"}, Map.of()).runs(7)).isTrue();
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--scenarios", "2,9"}, Map.of()))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("from 1 to 7");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--scenarios", "0"}, Map.of()))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("from 1 to 7");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--scenarios", "two"}, Map.of()))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("--scenarios");
    }

    @Test
    void ownsAndRecreatesTheBenchDatabaseWhenItStartsThePlatformItself() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[0], Map.of());

        assertThat(options.ownsDatabase()).isTrue();
        assertThat(options.database().owned()).isTrue();
        assertThat(options.whyNotRun(Scenario.Requirement.DATABASE)).isNull();
        assertThat(options.whyNotRun(Scenario.Requirement.OWN_PLATFORMS)).isNull();
    }

    @Test
    void neverRecreatesTheDatabaseInUrlMode() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--url", "http://127.0.0.1:8080",
                "--db-url", "jdbc:postgresql://127.0.0.1:5432/emporium_bench"}, Map.of());

        assertThat(options.ownsDatabase()).isFalse();
        assertThat(options.database().owned()).isFalse();
    }

    @Test
    void readsThePlatformsOwnDatabaseInUrlModeWhateverItsName() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--url", "http://127.0.0.1:8080",
                "--db-url", "jdbc:postgresql://127.0.0.1:5432/emporium"}, Map.of());

        assertThat(options.database().name()).isEqualTo("emporium");
        assertThat(options.database().owned()).isFalse();
    }

    @Test
    void inUrlModeOnlyTheScenariosOnTheRunningPlatformRun() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--url", "http://127.0.0.1:8080"}, Map.of());

        assertThat(options.whyNotRun(Scenario.Requirement.RUNNING_PLATFORM)).isNull();
        assertThat(options.whyNotRun(Scenario.Requirement.DATABASE)).contains("only reads the given database");
        assertThat(options.whyNotRun(Scenario.Requirement.OWN_PLATFORMS)).contains("--url rules out");
    }
}
