package io.emporium.benchmarks.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * Answers 429 (Too Many Requests): the platform's rate limit turned the request away before any work was done.
 * They are counted apart from the failures, so that a report never reads a rate limit as the platform failing.
 */
public final class Throttled {

    /** How a 429 answer is described among an outcome's failures. */
    public static final String FAILURE = "HTTP 429";

    private Throttled() {
    }

    /** Whether an attempt's failure description is a 429 answer. */
    public static boolean is(String failure) {
        return FAILURE.equals(failure);
    }

    /** The 429 answers among failures counted by description. */
    public static long count(Map<String, Long> failures) {
        return failures.getOrDefault(FAILURE, 0L);
    }

    /** The failures that are not 429 answers, by description. */
    public static Map<String, Long> others(Map<String, Long> failures) {
        Map<String, Long> others = new TreeMap<>(failures);
        others.remove(FAILURE);
        return others;
    }

    /** The words the notes use for them. */
    public static String note(long answers) {
        return "throttled by the platform's rate limit (" + answers + (answers == 1 ? " answer" : " answers") + " 429)";
    }
}
