package io.emporium.benchmarks;

/**
 * The harness's command line: {@code java -jar benchmarks/target/emporium-benchmarks.jar [--quick] [--url URL]
 * [--out DIR] [--db-url JDBC-URL] [--profile]}. Exits 0 when no scenario failed (one that cannot run with
 * {@code --url} is reported as not run, which is no failure), 1 when one failed, 2 on a bad command line.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.print(BenchmarkOptions.USAGE);
            System.exit(0);
        }
        int status;
        try {
            BenchmarkOptions options = BenchmarkOptions.parse(args, System.getenv());
            Progress progress = new Progress(System.out, options.sizes().progressInterval());
            BenchmarkRun.Written written = new BenchmarkRun(options, progress, Scenarios.all().stream()
                    .filter(scenario -> options.runs(scenario.number())).toList()).run();
            status = written.report().anyFailed() ? 1 : 0;
        } catch (BenchmarkOptions.UsageException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchmarkOptions.USAGE);
            status = 2;
        } catch (Exception e) {
            System.err.println("benchmark run failed: " + e);
            e.printStackTrace(System.err);
            status = 1;
        }
        // Platform threads (Axon's processors, the web server) are gone with the contexts; exit regardless.
        System.exit(status);
    }
}
