package io.emporium.standalone.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the chaos tests set on the platform they start, and how they print their figures. */
final class ChaosSettings {

    /** The saga's payment deadline: unanswered orders end this long after their payment was requested. */
    static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(10);
    /** How soon the saga's watchdog sends a command again that a killed JVM held. */
    static final Duration RESEND_INTERVAL = Duration.ofSeconds(3);
    /** How long an accepted order may take to end after the chaos stopped. */
    static final Duration SETTLE = Duration.ofSeconds(90);

    private ChaosSettings() {
    }

    /**
     * The settings every chaos platform starts with: short deadlines, so that a run takes a minute, and no rate limit
     * (the load and the checks ask more than a client's 120 commands and 60 admin reads a minute; limits are not
     * what these tests are about).
     */
    static List<String> platformArguments(String... more) {
        return platformArguments(PAYMENT_TIMEOUT, more);
    }

    /** {@link #platformArguments(String...)} with another payment deadline. */
    static List<String> platformArguments(Duration paymentTimeout, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--emporium.saga.payment-timeout=" + paymentTimeout.toSeconds() + "s",
                "--emporium.saga.resend-interval=" + RESEND_INTERVAL.toSeconds() + "s",
                "--emporium.edge.limits.rate-limiting=false"));
        arguments.addAll(List.of(more));
        return arguments;
    }

    static void report(String test, long seed, PlatformProcess platform, ChaosClient client,
                       Map<String, Integer> orders, int discrepancies) {
        System.out.printf("[chaos] %s figures: seed %d, kills %d, starts %d (restarts %d)%n", test, seed,
                          platform.kills(), platform.starts(), platform.starts() - 1);
        client.figures().forEach((name, count) -> System.out.printf("[chaos] %s   %s: %d%n", test, name, count));
        orders.forEach((name, count) -> System.out.printf("[chaos] %s   orders %s: %d%n", test, name, count));
        System.out.printf("[chaos] %s   reconciliation discrepancies: %d%n", test, discrepancies);
    }
}
