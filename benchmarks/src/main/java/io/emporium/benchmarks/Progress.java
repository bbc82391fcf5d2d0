package io.emporium.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints what the harness is doing, each line prefixed with the time since the run started. */
public final class Progress {

    private final PrintStream out;
    private final Duration tickInterval;
    private final long startNanos = System.nanoTime();

    public Progress(PrintStream out, Duration tickInterval) {
        this.out = out;
        this.tickInterval = tickInterval;
    }

    public void say(String format, Object... args) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        synchronized (out) {
            out.printf("[%7.1fs] %s%n", seconds, args.length == 0 ? format : String.format(format, args));
            out.flush();
        }
    }

    /**
     * Prints {@code status} every tick interval until the returned handle is closed, so that a long step
     * shows that it is moving.
     */
    public AutoCloseable ticking(Supplier<String> status) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "benchmark-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = tickInterval.toMillis();
        ticker.scheduleAtFixedRate(() -> say("  %s", status.get()), millis, millis, TimeUnit.MILLISECONDS);
        return ticker::shutdownNow;
    }
}
