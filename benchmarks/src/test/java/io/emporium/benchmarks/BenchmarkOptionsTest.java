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

        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--scenarios", "2,9"}, Map.of()))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("from 1 to 6");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--scenarios", "two"}, Map.of()))
                .isInstanceOf(BenchmarkOptions.UsageException.class)
                .hasMessageContaining("--scenarios");
    }
}
