package io.emporium.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The committed API description, {@code docs/api/openapi.json}, is what the running API serves at
 * {@code /v3/api-docs}. After a deliberate change to the API, write it anew with
 * {@code ./mvnw -pl standalone -am test -Dtest=ApiSpecIntegrationTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Demporium.openapi.write=true} and commit the file.
 */
@IntegrationTest
class ApiSpecIntegrationTest {

    static final String REWRITE = "emporium.openapi.write";

    @LocalServerPort
    int port;

    static Path committed() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(here.resolve("docs")) ? here : here.getParent();
        return root.resolve("docs/api/openapi.json");
    }

    @Test
    void theCommittedApiDescriptionIsWhatTheRunningApiServes() throws Exception {
        Http.Response served = new Http(port).anonymous().get("/v3/api-docs");
        assertThat(served.status()).isEqualTo(200);
        String running = ApiSpecDrift.canonical(served.body());
        Path file = committed();
        if (Boolean.getBoolean(REWRITE)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, running, StandardCharsets.UTF_8);
        }
        assertThat(file).as("docs/api/openapi.json is missing; write it with -D" + REWRITE + "=true").exists();
        List<String> drift = ApiSpecDrift.differences(Files.readString(file, StandardCharsets.UTF_8), running, 20);
        assertThat(drift).as("the running API differs from docs/api/openapi.json; if the change is meant, rewrite "
                + "the file: ./mvnw -pl standalone -am test -Dtest=ApiSpecIntegrationTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -D" + REWRITE + "=true").isEmpty();
    }

    @Test
    void theDescriptionNamesTheBearerSchemeRolesAndProblemAnswers() throws Exception {
        String spec = new Http(port).anonymous().get("/v3/api-docs").body();
        assertThat(spec).contains("\"bearerAuth\"", "\"x-required-role\"", "application/problem+json",
                                  "\"/api/orders\"", "\"/api/admin/projections\"", "X-Correlation-Id");
    }

    @Test
    void swaggerUiIsServedWithoutAToken() {
        Http.Response ui = new Http(port).anonymous().get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
    }
}
