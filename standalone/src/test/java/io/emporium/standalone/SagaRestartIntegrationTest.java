package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.messages.common.Identifiers;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.standalone.FinalStates.Payment;
import io.emporium.standalone.FinalStates.Stock;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stops the whole application while an order's saga waits for the payment provider, and starts it again. The
 * provider's answer was only in the stopped JVM's memory ({@code pm_late} answers after 60 s); what brings the
 * order to its end is the saga's state and its payment deadline, both kept in PostgreSQL.
 *
 * <p>These applications run on a database of their own, so that no other application context of the test run
 * (they share the main test database) can take over the saga's processor segments or its deadline while the
 * application under test is stopped.
 */
class SagaRestartIntegrationTest {

    static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(8);

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_restart");
    }

    @BeforeAll
    static void freshDatabase() throws SQLException {
        FreshTestDatabase.drop(databaseUrl());
    }

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.datasource.url=" + databaseUrl(),
                        "--emporium.saga.payment-timeout=" + PAYMENT_TIMEOUT.toSeconds() + "s",
                        "--emporium.payment.provider-late-answer-delay=60s");
    }

    static FinalStates states(ConfigurableApplicationContext context) {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        return new FinalStates(new EventStreams(context.getBean(EventStore.class), jdbc), jdbc);
    }

    static Http http(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void aSagaWaitingForPaymentAcrossARestartEndsByItsDeadlineWithStockReleasedAndNothingCharged() {
        String sku = "RESTART-DESK";
        String orderId = UUID.randomUUID().toString();
        String paymentId = Identifiers.paymentIdFor(orderId);

        try (ConfigurableApplicationContext before = start()) {
            Http http = http(before);
            FinalStates states = states(before);
            assertThat(http.post("/api/products", """
                    {"sku":"%s","name":"Desk","unitPrice":{"amount":24900,"currency":"EUR"},"initialStock":5}
                    """.formatted(sku)).status()).isEqualTo(201);
            assertThat(http.post("/api/orders", """
                    {"orderId":"%s","lines":[{"sku":"%s","quantity":2}],"paymentMethodToken":"pm_late"}
                    """.formatted(orderId, sku)).status()).isEqualTo(202);

            // The saga asked for payment and its transaction, payment deadline included, is committed: two deadlines
            // are stored, the payment deadline and the saga's watchdog (decision 0032).
            JdbcTemplate jdbc = before.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> states.events().payloadsOf(paymentId).stream()
                                                                       .anyMatch(PaymentAuthorizationRequested.class::isInstance)
                    && jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks", Integer.class) == 2);
            assertThat(states.stock(sku)).isEqualTo(new Stock(5, 2, 0));
        }

        // Stopped: the order is still pending, its saga and its payment deadline are stored.
        JdbcTemplate stopped = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                databaseUrl(), FreshTestDatabase.credentials()));
        List<String> orderEvents = stopped.queryForList("SELECT payload_type FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number", String.class, orderId);
        assertThat(orderEvents).singleElement().asString().endsWith("OrderPlaced");
        assertThat(stopped.queryForObject("SELECT count(*) FROM saga_entry", Integer.class)).isEqualTo(1);
        assertThat(stopped.queryForObject("SELECT count(*) FROM scheduled_tasks", Integer.class)).isEqualTo(2);

        try (ConfigurableApplicationContext after = start()) {
            FinalStates states = states(after);

            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                   .until(() -> states.orderStatus(orderId) == OrderStatus.REJECTED && states.stock(sku).reserved() == 0);

            assertThat(states.rejection(orderId).cause()).isEqualTo(RejectionCause.PAYMENT_TIMEOUT);
            assertThat(states.stock(sku)).isEqualTo(new Stock(5, 0, 0));
            Payment payment = states.payment(paymentId);
            assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZATION_REQUESTED);
            assertThat(payment.heldMinor()).isZero();
        }
    }
}
