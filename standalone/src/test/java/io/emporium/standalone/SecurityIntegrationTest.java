package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.messages.common.MetaDataKeys;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.OrderPlaced;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The edge's security over real HTTP on the whole platform: who may call what, customers kept to their own
 * orders by the edge and again by the order aggregate, and every stored event naming who caused it.
 */
@IntegrationTest
class SecurityIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    Http staff;
    EventStreams events;

    @BeforeEach
    void connect() {
        staff = new Http(port).as("staff-1", "operator");
        events = new EventStreams(eventStore, jdbc);
    }

    private String registeredSku() {
        return Products.registered(staff, "SEC");
    }

    private static String order(String orderId, String sku, String paymentMethodToken) {
        return """
                {"orderId":"%s","lines":[{"sku":"%s","quantity":1}],"paymentMethodToken":"%s"}
                """.formatted(orderId, sku, paymentMethodToken);
    }

    private static void assertProblem(Http.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo(type);
    }

    @Test
    void healthIsPublicWhileTheApiAndTheOtherActuatorEndpointsNeedAToken() {
        Http anonymous = staff.anonymous();
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);

        Http.Response api = anonymous.get("/api/products");
        assertProblem(api, 401, "urn:emporium:problem:unauthenticated");
        assertThat(api.header("WWW-Authenticate")).startsWith("Bearer");
        assertProblem(anonymous.get("/actuator/info"), 401, "urn:emporium:problem:unauthenticated");
        assertProblem(staff.asCustomer("customer-1").get("/actuator/info"), 403, "urn:emporium:problem:forbidden");
        assertThat(staff.get("/actuator/info").status()).isEqualTo(200);
    }

    @Test
    void anExpiredOrForgedTokenIsRefusedOverHttp() {
        Instant issued = Instant.now().minus(Duration.ofHours(3));
        String expired = TestTokens.MINTER.mint("staff-1", List.of("operator"), issued, issued.plus(Duration.ofHours(1)));
        assertProblem(staff.withToken(expired).get("/api/products"), 401, "urn:emporium:problem:unauthenticated");

        String forged = new io.emporium.edge.security.TokenMinter(TestTokens.ISSUER, TestTokens.AUDIENCE,
                "somebody-elses-secret-of-sufficient-length-42").mint("staff-1", List.of("operator"), Duration.ofHours(1));
        assertProblem(staff.withToken(forged).get("/api/products"), 401, "urn:emporium:problem:unauthenticated");
    }

    @Test
    void aCustomerMayNotRegisterProductsOrReplayProjections() {
        Http customer = staff.asCustomer("customer-" + UUID.randomUUID());
        assertProblem(customer.post("/api/products", """
                {"sku":"%s","name":"Lamp","unitPrice":{"amount":4900,"currency":"EUR"},"initialStock":10}
                """.formatted(TestIds.sku("SEC"))), 403, "urn:emporium:problem:forbidden");
        assertProblem(customer.post("/api/admin/projections/order-views/replay", ""), 403,
                      "urn:emporium:problem:forbidden");
        assertProblem(customer.post("/api/admin/rebuilds", "{}"), 403, "urn:emporium:problem:forbidden");
        assertProblem(customer.get("/api/admin/rebuilds"), 403, "urn:emporium:problem:forbidden");
        assertProblem(staff.anonymous().post("/api/admin/rebuilds", "{}"), 401, "urn:emporium:problem:unauthenticated");
    }

    @Test
    void aCustomerReadsAndCancelsItsOwnOrderButNotAnotherCustomers() {
        String sku = registeredSku();
        String alice = "alice-" + UUID.randomUUID();
        Http asAlice = staff.asCustomer(alice);
        Http asBob = staff.asCustomer("bob-" + UUID.randomUUID());
        String orderId = UUID.randomUUID().toString();
        // The provider never answers, so the order stays PENDING and can be cancelled.
        assertThat(asAlice.post("/api/orders", order(orderId, sku, "pm_no_answer")).status()).isEqualTo(202);

        Http.Response own = asAlice.get("/api/orders/" + orderId + "?waitMillis=5000");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("customerId").asText()).isEqualTo(alice);

        assertProblem(asBob.get("/api/orders/" + orderId), 403, "urn:emporium:problem:forbidden");
        assertProblem(asBob.get("/api/orders?customerId=" + alice), 403, "urn:emporium:problem:forbidden");
        Http.Response bobCancels = asBob.post("/api/orders/" + orderId + "/cancel", "");
        assertProblem(bobCancels, 403, "urn:emporium:problem:refused:not-your-order");
        assertThat(events.payloadsOf(orderId)).hasSize(1);

        assertThat(asAlice.post("/api/orders/" + orderId + "/cancel", "").status()).isEqualTo(202);
        assertThat(staff.get("/api/orders/" + orderId).status()).isEqualTo(200);
    }

    @Test
    void aForgedCustomerIdInTheBodyIsRefusedAndNothingIsStored() {
        String sku = registeredSku();
        String orderId = UUID.randomUUID().toString();
        Http.Response forged = staff.asCustomer("mallory-" + UUID.randomUUID()).post("/api/orders", """
                {"orderId":"%s","customerId":"alice","lines":[{"sku":"%s","quantity":1}],"paymentMethodToken":"pm_approve"}
                """.formatted(orderId, sku));
        assertProblem(forged, 403, "urn:emporium:problem:forbidden");
        assertThat(events.of(orderId)).isEmpty();
    }

    @Test
    void everyStoredEventRecordsWhoCausedItAndWhen() {
        String sku = registeredSku();
        String alice = "alice-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        Instant before = Instant.now();
        assertThat(staff.asCustomer(alice).post("/api/orders", order(orderId, sku, "pm_approve")).status()).isEqualTo(202);

        DomainEventMessage<?> placed = events.of(orderId).get(0);
        assertThat(placed.getPayload()).isInstanceOf(OrderPlaced.class);
        assertThat(placed.getMetaData()).containsEntry(MetaDataKeys.CALLER, alice)
                                        .containsEntry(MetaDataKeys.CALLER_ROLES, "customer");
        assertThat(placed.getTimestamp()).isAfterOrEqualTo(before.minusSeconds(1));

        // The reservation is the saga's doing, on its own account.
        DomainEventMessage<?> reserved = await().atMost(Duration.ofSeconds(30)).until(
                () -> events.of(sku).stream().filter(event -> event.getPayload() instanceof StockReserved reservation
                        && reservation.orderId().equals(orderId)).findFirst().orElse(null), event -> event != null);
        assertThat(reserved.getMetaData()).containsEntry(MetaDataKeys.CALLER, "system:order-fulfilment")
                                          .containsEntry(MetaDataKeys.CALLER_ROLES, "system");
        assertThat(events.of(sku).get(0).getMetaData()).containsEntry(MetaDataKeys.CALLER, "staff-1")
                                                       .containsEntry(MetaDataKeys.CALLER_ROLES, "operator");
    }
}
