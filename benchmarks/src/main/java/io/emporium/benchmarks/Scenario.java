package io.emporium.benchmarks;

/**
 * One measured scenario of the benchmark. A new scenario is a class implementing this interface, listed
 * in {@link Scenarios#all()}; the harness runs it, collects what it records in its {@link Findings} and
 * puts them into the report, with ratios against the PostgreSQL ceiling measured in the same run.
 */
public interface Scenario {

    /** What a scenario needs to run; the harness runs scenarios in this order. */
    enum Requirement {
        /**
         * Only the benchmark database, which it writes into (the PostgreSQL ceiling's scratch table); not possible
         * with {@code --url}, where the database is only read.
         */
        DATABASE,
        /** One platform serving HTTP, shared with the other scenarios of this kind: in-process or {@code --url}. */
        RUNNING_PLATFORM,
        /** Platforms of its own, started in this JVM with settings of its own; not possible with {@code --url}. */
        OWN_PLATFORMS
    }

    /** The scenario's number in issue 7, which orders the report. */
    int number();

    /** A short stable identifier, used in the JSON report. */
    String id();

    String title();

    /** How the scenario measures, in a few sentences for the report's readers. */
    String method();

    Requirement requirement();

    /**
     * Runs the scenario and records its figures and notes into {@code findings}. What was recorded before
     * a failure stays in the report beside the failure.
     */
    void run(BenchmarkContext context, Findings findings) throws Exception;
}
