package io.emporium.messages.common;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who sent a message, as its metadata ({@link MetaDataKeys#CALLER}, {@link MetaDataKeys#CALLER_ROLES}) says.
 * Command handlers that must know who asks read it with {@link #of(Map)}; a message without caller metadata was
 * sent from inside the platform (a test fixture, a tool on the command bus) and has {@link #INTERNAL}.
 *
 * @param id    the token subject, or {@code system:<component>}; empty for {@link #INTERNAL}
 * @param roles the caller's roles, lower case
 */
public record Caller(String id, Set<String> roles) {

    /** Role of a shop's customer: places, cancels and reads its own orders. */
    public static final String CUSTOMER = "customer";
    /** Role of the shop's staff: products, stock, refunds and every admin operation. */
    public static final String OPERATOR = "operator";
    /** Role of the platform's own components, such as the order saga. */
    public static final String SYSTEM = "system";

    /** No caller metadata at all. */
    public static final Caller INTERNAL = new Caller("", Set.of());

    /** The order saga, on whose account the commands of the order flow are sent. */
    public static final Caller ORDER_FULFILMENT = new Caller("system:order-fulfilment", Set.of(SYSTEM));

    public Caller {
        Objects.requireNonNull(id, "id");
        roles = Set.copyOf(roles);
    }

    /** The caller a message's metadata names, or {@link #INTERNAL} when it names none. */
    public static Caller of(Map<String, ?> metaData) {
        Object id = metaData.get(MetaDataKeys.CALLER);
        if (id == null) {
            return INTERNAL;
        }
        Object roles = metaData.get(MetaDataKeys.CALLER_ROLES);
        Set<String> parsed = roles == null ? Set.of() : Arrays.stream(roles.toString().split(","))
                                                             .map(String::trim)
                                                             .filter(role -> !role.isEmpty())
                                                             .collect(Collectors.toSet());
        return new Caller(id.toString(), parsed);
    }

    /** This caller as message metadata. */
    public Map<String, String> toMetaData() {
        return Map.of(MetaDataKeys.CALLER, id, MetaDataKeys.CALLER_ROLES, String.join(",", new TreeSet<>(roles)));
    }

    public boolean isInternal() {
        return id.isEmpty();
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * Whether this caller may act on a customer's behalf only, so that a handler must check the customer is
     * itself: a customer that is neither operator nor platform component.
     */
    public boolean isOnlyCustomer() {
        return hasRole(CUSTOMER) && !hasRole(OPERATOR) && !hasRole(SYSTEM);
    }

    /**
     * Whether this caller may run the shop's staff operations: anything sent from inside the platform, an
     * operator, or a platform component.
     */
    public boolean mayOperate() {
        return isInternal() || hasRole(OPERATOR) || hasRole(SYSTEM);
    }

    /**
     * Refuses ({@link RefusalKind#FORBIDDEN}, code {@code operator-only}) a caller that may not run a staff
     * operation: one whose metadata names it with neither the operator nor the system role.
     */
    public void requireMayOperate(String action) {
        if (!mayOperate()) {
            throw CommandRefusedException.forbidden("operator-only",
                    action + " is for operators; caller " + id + " has roles " + new TreeSet<>(roles));
        }
    }

    /**
     * Refuses ({@link RefusalKind#FORBIDDEN}, the given code) a caller that is only a customer and not the
     * customer {@code customerId}; operators, platform components and internal senders pass.
     */
    public void requireSelfIfCustomer(String customerId, String code, String what) {
        if (isOnlyCustomer() && !id.equals(customerId)) {
            throw CommandRefusedException.forbidden(code, what + " belongs to another customer than caller " + id);
        }
    }
}
