package io.emporium.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of the harness was asked to do.
 *
 * @param sizes     how much work (full, quick or smoke)
 * @param targetUrl a running platform to load over HTTP instead of starting one in this JVM; null to start one
 * @param outputDir where results.md and results.json are written
 * @param dbUrl     the benchmark database: recreated at the start of the run, so its name must say "bench"
 * @param dbUser    PostgreSQL user
 * @param dbPassword PostgreSQL password, may be null
 * @param profileDir where a JDK Flight Recorder profile of each scenario is written; null for none
 * @param token     the bearer token for the {@code --url} platform ({@code --token} or {@code EMPORIUM_BENCH_TOKEN});
 *                  null to ask the platform's {@code local} profile endpoint for one, or when the harness starts
 *                  the platform itself and mints its own
 */
public record BenchmarkOptions(Sizes sizes, URI targetUrl, Path outputDir, String dbUrl, String dbUser,
                               String dbPassword, Path profileDir, String token) {

    public static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/emporium_bench";
    static final Path FULL_OUTPUT = Path.of("docs", "benchmarks");
    static final Path QUICK_OUTPUT = Path.of("target", "benchmark-quick");
    static final Path SMOKE_OUTPUT = Path.of("target", "benchmark-smoke");
    static final Path PROFILES = Path.of("target", "benchmark-profiles");

    public BenchmarkOptions {
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(dbUrl, "dbUrl");
        Objects.requireNonNull(dbUser, "dbUser");
    }

    public boolean inProcess() {
        return targetUrl == null;
    }

    /** Thrown for a command line the harness cannot run; the message says what is wrong. */
    public static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            usage: java -jar benchmarks/target/emporium-benchmarks.jar [--quick | --smoke] [--url http://127.0.0.1:PORT] \
            [--token JWT] [--out DIR] [--db-url jdbc:postgresql://127.0.0.1:5432/emporium_bench] [--profile]
              --quick    fewer requests per step; writes to target/benchmark-quick/ unless --out is given
              --smoke    tiny sizes, seconds: checks that the harness works, measures nothing worth reading;
                         writes to target/benchmark-smoke/ unless --out is given
              --url      load an already running platform (loopback only) instead of starting one in this JVM;
                         scenarios that need platforms of their own are then reported as not run
              --token    bearer token for --url, with the roles customer and operator (default
                         EMPORIUM_BENCH_TOKEN, else one minted by the platform's POST /local/tokens, which
                         only a platform started with the profile 'local' has)
              --out      directory for results.md and results.json (default docs/benchmarks/)
              --db-url   benchmark database, dropped and created again by every run; its name must contain
                         'bench' (default EMPORIUM_BENCH_DB_URL, else %s)
              --profile  record each scenario with JDK Flight Recorder into target/benchmark-profiles/
                         (<n>-<scenario>.jfr, and a summary of where the CPU samples fell in <n>-<scenario>.txt)
            environment: EMPORIUM_DB_USER (default postgres), EMPORIUM_DB_PASSWORD
            """.formatted(DEFAULT_DB_URL);

    /** Reads the command line; the environment supplies the database settings the command line leaves out. */
    public static BenchmarkOptions parse(String[] args, Map<String, String> environment) {
        Sizes sizes = Sizes.full();
        URI url = null;
        Path out = null;
        String dbUrl = blankToNull(environment.get("EMPORIUM_BENCH_DB_URL"));
        boolean profile = false;
        String token = blankToNull(environment.get("EMPORIUM_BENCH_TOKEN"));
        boolean tokenGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> sizes = Sizes.quick();
                case "--smoke" -> sizes = Sizes.smoke();
                case "--url" -> url = URI.create(valueOf(args, ++i, arg));
                case "--out" -> out = Path.of(valueOf(args, ++i, arg));
                case "--db-url" -> dbUrl = valueOf(args, ++i, arg);
                case "--profile" -> profile = true;
                case "--token" -> {
                    token = valueOf(args, ++i, arg);
                    tokenGiven = true;
                }
                default -> throw new UsageException("unknown argument: " + arg);
            }
        }
        if (url == null && tokenGiven) {
            throw new UsageException("--token is for --url: a platform the harness starts gets tokens it mints itself");
        }
        if (url != null) {
            if (!"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new UsageException("--url must be an http URL with a host, was " + url);
            }
            Loopback.require(url.getHost(), "--url");
        }
        String user = blankToNull(environment.get("EMPORIUM_DB_USER"));
        return new BenchmarkOptions(sizes, url,
                out != null ? out : defaultOutput(sizes),
                dbUrl == null ? DEFAULT_DB_URL : dbUrl,
                user == null ? "postgres" : user,
                environment.get("EMPORIUM_DB_PASSWORD"), profile ? PROFILES : null, url == null ? null : token);
    }

    /** Only a full run writes under docs/, where results are committed; the others stay in target/. */
    private static Path defaultOutput(Sizes sizes) {
        return switch (sizes.name()) {
            case "full" -> FULL_OUTPUT;
            case "quick" -> QUICK_OUTPUT;
            default -> SMOKE_OUTPUT;
        };
    }

    private static String valueOf(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
