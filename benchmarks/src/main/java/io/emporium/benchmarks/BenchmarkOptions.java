package io.emporium.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one run of the harness was asked to do.
 *
 * @param sizes     how much work (full, quick or smoke)
 * @param targetUrl a running platform to load over HTTP instead of starting one in this JVM; null to start one
 * @param outputDir where results.md and results.json are written
 * @param dbUrl     the benchmark database: without {@code --url}, recreated at the start of the run, so its name
 *                  must say "bench"; with {@code --url}, the running platform's database, only read
 * @param dbUser    PostgreSQL user
 * @param dbPassword PostgreSQL password, may be null
 * @param profileDir where a JDK Flight Recorder profile of each scenario is written; null for none
 * @param token     the bearer token for the {@code --url} platform ({@code --token} or {@code EMPORIUM_BENCH_TOKEN});
 *                  null to ask the platform's {@code local} profile endpoint for one, or when the harness starts
 *                  the platform itself and mints its own
 * @param only      the numbers of the scenarios to run ({@code --scenarios}); empty for every scenario
 */
public record BenchmarkOptions(Sizes sizes, URI targetUrl, Path outputDir, String dbUrl, String dbUser,
                               String dbPassword, Path profileDir, String token, Set<Integer> only) {

    public static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/emporium_bench";
    static final Path FULL_OUTPUT = Path.of("docs", "benchmarks");
    static final Path QUICK_OUTPUT = Path.of("target", "benchmark-quick");
    static final Path SMOKE_OUTPUT = Path.of("target", "benchmark-smoke");
    static final Path PARTIAL_OUTPUT = Path.of("target", "benchmark-partial");
    static final Path URL_OUTPUT = Path.of("target", "benchmark-url");
    static final Path PROFILES = Path.of("target", "benchmark-profiles");
    /** The highest scenario number {@code --scenarios} accepts. */
    static final int LAST_SCENARIO = 7;

    public BenchmarkOptions {
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(dbUrl, "dbUrl");
        Objects.requireNonNull(dbUser, "dbUser");
        only = only == null ? Set.of() : Set.copyOf(only);
    }

    /** Whether scenario {@code number} is to run. */
    public boolean runs(int number) {
        return only.isEmpty() || only.contains(number);
    }

    public boolean inProcess() {
        return targetUrl == null;
    }

    /**
     * Whether the harness creates the database of {@code --db-url} and may drop it: only when it starts the platform
     * itself. With {@code --url} the database may be the running platform's own, so it is never recreated or
     * written, only read.
     */
    public boolean ownsDatabase() {
        return inProcess();
    }

    /** The database of {@code --db-url}, owned or borrowed as {@link #ownsDatabase()} says. */
    public BenchDatabase database() {
        return new BenchDatabase(dbUrl, dbUser, dbPassword, ownsDatabase());
    }

    /** Why a scenario of this requirement cannot run with these options; null when it can. */
    public String whyNotRun(Scenario.Requirement requirement) {
        if (inProcess()) {
            return null;
        }
        return switch (requirement) {
            case DATABASE -> "it writes a scratch table into the benchmark database, and with --url the harness only "
                    + "reads the given database; run the harness without --url";
            case OWN_PLATFORMS -> "it starts platforms of its own in the harness's JVM on a database created anew, "
                    + "which --url rules out; run the harness without --url";
            case RUNNING_PLATFORM -> null;
        };
    }

    /** Thrown for a command line the harness cannot run; the message says what is wrong. */
    public static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            usage: java -jar benchmarks/target/emporium-benchmarks.jar [--quick | --smoke] [--url http://127.0.0.1:PORT] \
            [--token JWT] [--out DIR] [--db-url jdbc:postgresql://127.0.0.1:5432/emporium_bench] [--profile] \
            [--scenarios 2,3]
              --quick    fewer requests per step; writes to target/benchmark-quick/ unless --out is given
              --smoke    tiny sizes, seconds: checks that the harness works, measures nothing worth reading;
                         writes to target/benchmark-smoke/ unless --out is given
              --url      load an already running platform (loopback only) instead of starting one in this JVM;
                         the --db-url database is then only read (never dropped, created or written), and
                         scenarios that need a database or platforms of their own are reported as not run
              --token    bearer token for --url, with the roles customer and operator (default
                         EMPORIUM_BENCH_TOKEN, else one minted by the platform's POST /local/tokens, which
                         only a platform started with the profile 'local' has)
              --out      directory for results.md and results.json (default docs/benchmarks/; with --url,
                         target/benchmark-url/)
              --db-url   benchmark database, dropped and created again by every run without --url; its name
                         must then contain 'bench' (default EMPORIUM_BENCH_DB_URL, else %s);
                         with --url, the platform's database, whose order view is read
              --profile  record each scenario with JDK Flight Recorder into target/benchmark-profiles/
                         (<n>-<scenario>.jfr, and a summary of where the CPU samples fell in <n>-<scenario>.txt)
              --scenarios  run only these scenarios (numbers 1-%d, comma separated); a partial run writes to
                         target/benchmark-partial/ unless --out is given, never to docs/benchmarks/
            environment: EMPORIUM_DB_USER (default postgres), EMPORIUM_DB_PASSWORD
            """.formatted(DEFAULT_DB_URL, LAST_SCENARIO);

    /** Reads the command line; the environment supplies the database settings the command line leaves out. */
    public static BenchmarkOptions parse(String[] args, Map<String, String> environment) {
        Sizes sizes = Sizes.full();
        URI url = null;
        Path out = null;
        String dbUrl = blankToNull(environment.get("EMPORIUM_BENCH_DB_URL"));
        boolean profile = false;
        String token = blankToNull(environment.get("EMPORIUM_BENCH_TOKEN"));
        boolean tokenGiven = false;
        Set<Integer> only = Set.of();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> sizes = Sizes.quick();
                case "--smoke" -> sizes = Sizes.smoke();
                case "--url" -> url = URI.create(valueOf(args, ++i, arg));
                case "--out" -> out = Path.of(valueOf(args, ++i, arg));
                case "--db-url" -> dbUrl = valueOf(args, ++i, arg);
                case "--profile" -> profile = true;
                case "--scenarios" -> only = scenarioNumbers(valueOf(args, ++i, arg));
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
                out != null ? out : defaultOutput(sizes, url != null, !only.isEmpty()),
                dbUrl == null ? DEFAULT_DB_URL : dbUrl,
                user == null ? "postgres" : user,
                environment.get("EMPORIUM_DB_PASSWORD"), profile ? PROFILES : null, url == null ? null : token,
                only);
    }

    private static Set<Integer> scenarioNumbers(String list) {
        try {
            Set<Integer> numbers = Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf)
                                         .collect(Collectors.toCollection(TreeSet::new));
            if (numbers.isEmpty() || numbers.stream().anyMatch(n -> n < 1 || n > LAST_SCENARIO)) {
                throw new UsageException("--scenarios takes scenario numbers from 1 to " + LAST_SCENARIO + ", was " + list);
            }
            return numbers;
        } catch (NumberFormatException e) {
            throw new UsageException("--scenarios takes comma-separated numbers from 1 to " + LAST_SCENARIO + ", was "
                    + list);
        }
    }

    /**
     * Only a full run on the harness's own platform writes under docs/ by default, where the standalone results are
     * committed; the others stay in target/. A {@code --url} run measures some other deployment, so it never replaces
     * those files unless {@code --out} says so.
     */
    private static Path defaultOutput(Sizes sizes, boolean againstUrl, boolean partial) {
        if (partial) {
            return PARTIAL_OUTPUT;
        }
        if (againstUrl) {
            return URL_OUTPUT;
        }
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
