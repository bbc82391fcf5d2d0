package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tracing exports OTLP to the configured endpoint, here a receiver in the test: one request's trace holds Spring's
 * HTTP span and Axon's command and event spans. Without an endpoint nothing is sent.
 */
class TracingIntegrationTest {

    HttpServer receiver;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @BeforeAll
    static void freshDatabase() throws Exception {
        FreshTestDatabase.drop(FreshTestDatabase.siblingUrl("_tracing"));
    }

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (received) {
                received.writeBytes(body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String receivedText() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static ConfigurableApplicationContext start(String... settings) {
        String[] args = new String[settings.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--spring.datasource.url=" + FreshTestDatabase.siblingUrl("_tracing");
        System.arraycopy(settings, 0, args, 2, settings.length);
        return new SpringApplicationBuilder(EmporiumApplication.class).profiles("test").run(args);
    }

    private static void registerProduct(ConfigurableApplicationContext platform) {
        Products.registered(new Http(((WebServerApplicationContext) platform).getWebServer().getPort()), "TRACE");
    }

    @Test
    void aRequestsSpansFromHttpToTheAggregateAndTheProjectionsAreExportedWithOtlp() {
        try (ConfigurableApplicationContext platform = start("--management.tracing.enabled=true",
                "--management.otlp.tracing.endpoint=http://127.0.0.1:" + receiver.getAddress().getPort()
                        + "/v1/traces")) {
            registerProduct(platform);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(receivedText())
                    .contains("http post /api/products")
                    .contains("RegisterProduct")
                    .contains("ProductRegistered"));
        }
    }

    @Test
    void withoutAnEndpointNothingIsExported() {
        try (ConfigurableApplicationContext platform = start("--management.tracing.enabled=true")) {
            registerProduct(platform);
        }
        // Closing the platform flushes every span it would export.
        assertThat(received.size()).isZero();
    }
}
