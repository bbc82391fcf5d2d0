package io.emporium.edge.apidoc;

import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;

/** The groups of the API description's operations (one API class each in a generated client), with what they hold. */
public final class ApiTags {

    public static final String ORDERS = "orders";
    public static final String PRODUCTS = "products";
    public static final String PAYMENTS = "payments";
    public static final String ADMIN = "admin";

    private ApiTags() {
    }

    static List<Tag> all() {
        return List.of(
                new Tag().name(ORDERS).description("Place and cancel orders, read them, their payment and their "
                        + "status changes"),
                new Tag().name(PRODUCTS).description("The catalogue: register products, receive stock, read stock"),
                new Tag().name(PAYMENTS).description("Refunds of authorized payments"),
                new Tag().name(ADMIN).description("Operators: read models, rebuilds, dead letters, parked saga "
                        + "events, reconciliation, stored events"));
    }
}
