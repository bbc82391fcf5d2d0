package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Readiness follows PostgreSQL: the platform's connection to it goes through a TCP proxy that the test cuts and
 * restores (the machine's PostgreSQL itself keeps running for everyone else). Liveness stays UP throughout.
 */
class HealthIntegrationTest {

    static String databaseUrl() {
        return FreshTestDatabase.siblingUrl("_health");
    }

    @BeforeAll
    static void freshDatabase() throws Exception {
        FreshTestDatabase.drop(databaseUrl());
    }

    @Test
    void readinessGoesDownWhilePostgresqlIsUnreachableAndUpWhenItReturnsWhileLivenessStaysUp() throws Exception {
        URI direct = URI.create(databaseUrl().substring("jdbc:".length()));
        // Created directly first: the proxy is for the running platform only.
        try (ConfigurableApplicationContext bootstrap = start(databaseUrl())) {
            assertThat(bootstrap.isRunning()).isTrue();
        }
        try (TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort() < 0 ? 5432 : direct.getPort());
             ConfigurableApplicationContext platform = start(databaseUrl().replace(
                     direct.getHost() + ":" + (direct.getPort() < 0 ? 5432 : direct.getPort()),
                     "127.0.0.1:" + proxy.port()))) {
            Http http = new Http(((WebServerApplicationContext) platform).getWebServer().getPort()).anonymous();
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/actuator/health/readiness").status() == 200);
            assertThat(http.get("/actuator/health/readiness").json().get("status").asText()).isEqualTo("UP");

            proxy.cut();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                   .until(() -> http.get("/actuator/health/readiness").status() == 503);
            assertThat(http.get("/actuator/health/readiness").json().get("status").asText()).isEqualTo("DOWN");
            assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);

            proxy.restore();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                   .until(() -> http.get("/actuator/health/readiness").status() == 200);
        }
    }

    static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles("test")
                .run("--server.port=0",
                     "--spring.datasource.url=" + url,
                     "--spring.datasource.hikari.connection-timeout=1000",
                     "--spring.datasource.hikari.validation-timeout=500",
                     "--emporium.database.create-if-missing=true");
    }
}
