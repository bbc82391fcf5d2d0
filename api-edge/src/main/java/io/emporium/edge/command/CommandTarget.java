package io.emporium.edge.command;

/**
 * What a command is addressed to, in words a client understands: {@code kind} is "product", "order" or
 * "payment", {@code id} the identifier the client gave. Used to say what was not found.
 */
public record CommandTarget(String kind, String id) {

    public static CommandTarget product(String sku) {
        return new CommandTarget("product", sku);
    }

    public static CommandTarget order(String orderId) {
        return new CommandTarget("order", orderId);
    }

    public static CommandTarget payment(String paymentId) {
        return new CommandTarget("payment", paymentId);
    }
}
