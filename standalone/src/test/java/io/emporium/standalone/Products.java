package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

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

    /**
     * The product's read as soon as the catalogue shows it: a registration is decided on the aggregate, and its read
     * model follows the event a moment later (a read before that answers 404).
     */
    static Http.Response visible(Http http, String sku) {
        Http.Response[] read = new Http.Response[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> (read[0] = http.get("/api/products/" + sku)).status() == 200);
        return read[0];
    }
}
