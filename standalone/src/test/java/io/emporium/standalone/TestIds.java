package io.emporium.standalone;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh identifiers for integration tests, so tests sharing one database never meet each other's aggregates. */
final class TestIds {

    private TestIds() {
    }

    /** A SKU no other test uses: the prefix, a dash and a random upper-case base-36 suffix. */
    static String sku(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toUpperCase();
    }
}
