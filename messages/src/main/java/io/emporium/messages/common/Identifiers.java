package io.emporium.messages.common;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identifier rules every module agrees on. Aggregate identifiers share one namespace in the event
 * store, so the kinds are kept apart by form: order and payment ids are lower-case UUIDs, SKUs start
 * with an upper-case letter and are upper-case throughout. Payment ids are name-based (version 3) UUIDs
 * derived from their order's id, so a new order's id must be of another version.
 */
public final class Identifiers {

    /** An upper-case letter, then 1 to 39 upper-case letters, digits or dashes. */
    public static final Pattern SKU = Pattern.compile("^[A-Z][A-Z0-9-]{1,39}$");

    /** A UUID in canonical lower-case form. */
    public static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    /** Where a canonical UUID holds its version digit, and the version of the UUIDs {@link #paymentIdFor} makes. */
    private static final int PAYMENT_ID_VERSION_POSITION = 14;
    private static final char PAYMENT_ID_VERSION = '3';

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
     * True for an id a client may give a new order: a canonical UUID that is not name-based (version 3),
     * the version every payment id has. Without this rule an order could take the id of another order's
     * payment, and one of the two could never be stored.
     */
    public static boolean isNewOrderId(String value) {
        return isCanonicalUuid(value) && value.charAt(PAYMENT_ID_VERSION_POSITION) != PAYMENT_ID_VERSION;
    }

    /**
     * The payment id of an order's payment. Derived, so that a retried authorization for an order
     * reaches the same payment aggregate instead of charging twice.
     */
    public static String paymentIdFor(String orderId) {
        return UUID.nameUUIDFromBytes(("emporium-payment:" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
