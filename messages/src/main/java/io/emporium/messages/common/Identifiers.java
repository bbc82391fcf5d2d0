package io.emporium.messages.common;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identifier rules every module agrees on. Aggregate identifiers share one namespace in the event
 * store, so the kinds are kept apart by form: order and payment ids are lower-case UUIDs, SKUs start
 * with an upper-case letter and are upper-case throughout.
 */
public final class Identifiers {

    /** An upper-case letter, then 1 to 39 upper-case letters, digits or dashes. */
    public static final Pattern SKU = Pattern.compile("^[A-Z][A-Z0-9-]{1,39}$");

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private Identifiers() {
    }

    public static boolean isSku(String value) {
        return value != null && SKU.matcher(value).matches();
    }

    /** True for a UUID in canonical lower-case form, the only form accepted as an order id. */
    public static boolean isCanonicalUuid(String value) {
        return value != null && CANONICAL_UUID.matcher(value).matches();
    }

    /**
     * The payment id of an order's payment. Derived, so that a retried authorization for an order
     * reaches the same payment aggregate instead of charging twice.
     */
    public static String paymentIdFor(String orderId) {
        return UUID.nameUUIDFromBytes(("emporium-payment:" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
