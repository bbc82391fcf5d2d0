package io.emporium.edge.security;

/** The caller may not do what it asked: another customer's order, or a body naming another customer (403). */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }

    /**
     * Refuses a caller that is only a customer access to what belongs to {@code ownerCustomerId}, unless it is
     * that customer; operators pass.
     */
    public static void unlessOwnedByCaller(String ownerCustomerId, String what) {
        var caller = Callers.current();
        if (caller.isOnlyCustomer() && !caller.id().equals(ownerCustomerId)) {
            throw new ForbiddenException(what + " belongs to another customer");
        }
    }
}
