package io.emporium.standalone;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.payment.provider.http.HttpPaymentProvider;
import io.emporium.standalone.FinalStates.Stock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole platform with the HTTP payment provider, pointed at WireMock playing a provider that is down (every
 * authorization answers 503). Orders are placed over HTTP; the provider's calls fail until its circuit breaker opens,
 * and an order placed then is not sent to the provider at all. Each order is rejected by its payment deadline, with
 * its stock released and nothing held.
 *
 * <p>Its own database and application context: the http provider is a setting the shared test context does not have.
 */
class PaymentProviderBreakerIntegrationTest {

    private static final String SKU = "BREAKER-LAMP";
    private static WireMockServer provider;

    @BeforeAll
    static void providerDownAndAFreshDatabase() throws SQLException {
        FreshTestDatabase.drop(databaseUrl());
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        provider.stubFor(post(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS))
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"down for maintenance\"}")));
    }

    @AfterAll
    static void stopTheProvider() {
        provider.stop();
    }

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_payment_http");
    }

    @Test
    void anOrderWhosePaymentMeetsTheOpenBreakerIsRejectedByItsDeadlineAndItsStockReleased() {
        try (ConfigurableApplicationContext platform = new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles("test")
                .run("--server.port=0",
                     "--spring.datasource.url=" + databaseUrl(),
                     "--emporium.payment.provider=http",
                     "--emporium.payment.http.base-url=" + provider.baseUrl(),
                     "--emporium.payment.http.api-key=integration-test-key",
                     "--resilience4j.retry.instances.payment-provider.max-attempts=2",
                     "--resilience4j.retry.instances.payment-provider.wait-duration=20ms",
                     "--resilience4j.circuitbreaker.instances.payment-provider.sliding-window-size=4",
                     "--resilience4j.circuitbreaker.instances.payment-provider.minimum-number-of-calls=4",
                     // Open for the whole test: the third order must meet it open.
                     "--resilience4j.circuitbreaker.instances.payment-provider.wait-duration-in-open-state=10m")) {
            Http http = new Http(((WebServerApplicationContext) platform).getWebServer().getPort());
            JdbcTemplate jdbc = platform.getBean(JdbcTemplate.class);
            FinalStates states = new FinalStates(new EventStreams(platform.getBean(EventStore.class), jdbc), jdbc);
            CircuitBreaker breaker = platform.getBean(CircuitBreakerRegistry.class)
                                             .circuitBreaker(HttpPaymentProvider.RESILIENCE);
            assertThat(http.post("/api/products", """
                    {"sku":"%s","name":"Lamp","unitPrice":{"amount":4900,"currency":"EUR"},"initialStock":10}
                    """.formatted(SKU)).status()).isEqualTo(201);

            // Two orders, two attempts each, all 503: four failures of four calls, and the breaker opens.
            String first = placeOrder(http);
            String second = placeOrder(http);
            await().atMost(Duration.ofSeconds(30)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
            assertThat(provider.findAll(postRequestedFor(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS)))).hasSize(4);

            String third = placeOrder(http);
            String thirdPayment = Identifiers.paymentIdFor(third);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                   .until(() -> states.orderStatus(third) == OrderStatus.REJECTED
                           && states.orderStatus(first) == OrderStatus.REJECTED
                           && states.orderStatus(second) == OrderStatus.REJECTED
                           && states.stock(SKU).reserved() == 0);

            // The third payment never reached the provider: the breaker kept it back, and the deadline decided.
            assertThat(provider.findAll(postRequestedFor(urlEqualTo(HttpPaymentProvider.AUTHORIZATIONS)))).hasSize(4);
            for (String order : new String[]{first, second, third}) {
                assertThat(states.rejection(order).cause()).isEqualTo(RejectionCause.PAYMENT_TIMEOUT);
            }
            assertThat(states.payment(thirdPayment).status()).isEqualTo(PaymentStatus.AUTHORIZATION_REQUESTED);
            assertThat(states.payment(thirdPayment).heldMinor()).isZero();
            assertThat(states.stock(SKU)).isEqualTo(new Stock(10, 0, 0));

            // The same story in Prometheus: the breaker open, three payments unanswered, three orders rejected.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http.get("/actuator/prometheus").body())
                    .contains("resilience4j_circuitbreaker_state{application=\"emporium-standalone\",name=\"payment-provider\",state=\"open\"} 1.0")
                    .contains("emporium_payments_total{application=\"emporium-standalone\",outcome=\"unanswered\"} 3.0")
                    .contains("emporium_orders_final_total{application=\"emporium-standalone\",status=\"rejected\"} 3.0")
                    .contains("emporium_payment_provider_calls_seconds_count{application=\"emporium-standalone\",operation=\"authorize\",outcome=\"server_error\"} 4"));
        }
    }

    private static String placeOrder(Http http) {
        String orderId = UUID.randomUUID().toString();
        assertThat(http.post("/api/orders", """
                {"orderId":"%s","lines":[{"sku":"%s","quantity":1}],"paymentMethodToken":"pm_approve"}
                """.formatted(orderId, SKU)).status()).isEqualTo(202);
        return orderId;
    }
}
