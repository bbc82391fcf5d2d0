package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;

/** Products registered over HTTP for a test: a new SKU each time, so tests never share stock. */
final class Products {

    private Products() {
    }

    /** Registers a lamp with 10 units under a new SKU starting with {@code prefix}, as an operator, and returns it. */
    static String registered(Http http, String prefix) {
        String sku = TestIds.sku(prefix);
        Http.Response registered = http.as("staff-1", "operator").post("/api/products", """
                {"sku":"%s","name":"Lamp","unitPrice":{"amount":4900,"currency":"EUR"},"initialStock":10}
                """.formatted(sku));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return sku;
    }
}
