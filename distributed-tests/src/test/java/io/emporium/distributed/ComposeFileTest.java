package io.emporium.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * compose.yaml cannot be run here (no container engine): it is checked as a file, against the Compose
 * Specification's JSON schema ({@link ComposeSchema}) and by the project's own checks ({@link ComposeChecks}), each
 * shown to fail on a broken file.
 */
class ComposeFileTest {

    @Test
    void theProjectsComposeFileFollowsTheComposeSpecification() {
        assertThat(ComposeSchema.violations(ProjectFiles.root().resolve("compose.yaml"))).isEmpty();
    }

    @Test
    void theSchemaCheckFailsOnAFileAgainstTheSpecification() {
        List<String> violations = ComposeSchema.violations(ProjectFiles.testResource("compose/schema-broken-compose.yaml"));

        assertThat(violations).anySatisfy(v -> assertThat(v).contains("ports").contains("array"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("depend_on"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("every"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("volumes").contains("object"));
    }

    @Test
    void theSchemaAloneMissesWhatOnlyTheProjectChecksFind() {
        // The fixture of the project's checks breaks the specification in one place only (a dependency without a
        // condition); its other twenty problems are valid Compose that only ComposeChecks reports.
        assertThat(ComposeSchema.violations(ProjectFiles.testResource("compose/broken-compose.yaml")))
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v).startsWith("$.services.projections-service.depends_on"));
    }

    @Test
    void theProjectsComposeFilePassesEveryCheck() {
        Path root = ProjectFiles.root();

        assertThat(ComposeChecks.problems(root.resolve("compose.yaml"), root.resolve(".env.example"))).isEmpty();
    }

    @Test
    void everyCheckFailsOnTheDeliberatelyBrokenFile() {
        List<String> problems = ComposeChecks.problems(ProjectFiles.testResource("compose/broken-compose.yaml"),
                                                       ProjectFiles.testResource("compose/broken.env.example"));

        assertThat(problems).contains(
                "service saga-service is missing",
                "order-service has no health check",
                "axonserver uses an image that is not pinned to a version: axoniq/axonserver",
                "inventory-service uses an image that is not pinned to a version: emporium/inventory-service:latest",
                "payment-service lists depends_on without conditions",
                "projections-service depends on postgres without a valid condition",
                "projections-service waits for order-service to be healthy, but it has no health check",
                "edge-service depends on ghost, which is not a service",
                "extra-service: Dockerfile.broken does not copy the service's executable jar",
                "extra-service: Dockerfile.broken does not switch to a non-root user",
                "extra-service: Dockerfile.broken builds on an unpinned image eclipse-temurin",
                "extra-service builds its image with SERVICE=wrong instead of its own name",
                "extra-service builds from services/wrong, which is not a module",
                "postgres lets anyone into PostgreSQL without a password",
                "postgres writes a literal value for POSTGRES_PASSWORD; take it from the environment (.env)",
                "edge-service writes a literal value for AXON_SERVER_TOKEN; take it from the environment (.env)",
                "projections-service gives EMPORIUM_DB_PASSWORD a default value in the file",
                "variable UNDOCUMENTED_SETTING is used but has no entry in .env.example",
                ".env.example gives EMPORIUM_DB_PASSWORD a value; leave secrets empty",
                "edge-service builds from Dockerfile.missing, which does not exist",
                "edge-service mounts ./no-such-file.properties, which does not exist",
                "service grafana is missing",
                "projections-service reads no variable SOMETHING (no placeholder in its settings files, no property"
                        + " of its configuration metadata)",
                "payment-service reads no variable EMPORIUM_PAYMENT_HTTP_BASE_ADDRESS (no placeholder in its settings"
                        + " files, no property of its configuration metadata)",
                "order-service reads no variable EMPORIUM_INVENTORY_SNAPSHOT_THRESHOLD (no placeholder in its"
                        + " settings files, no property of its configuration metadata)",
                "payment-service's health check passes while its readiness is DOWN (it must test the top-level"
                        + " status, not find \"status\":\"UP\" anywhere in the body)",
                "inventory-service's health check passes while its readiness is DOWN (it must test the top-level"
                        + " status, not find \"status\":\"UP\" anywhere in the body)");
        assertThat(problems).contains(
                "realm emporium has no realm role operator",
                "realm emporium has no user with the role operator",
                "realm emporium writes the password of customer; use a placeholder ${VARIABLE} that keycloak's"
                        + " environment sets",
                "realm emporium takes the password of other from EMPORIUM_KEYCLOAK_OTHER_PASSWORD, which keycloak's"
                        + " environment does not set",
                "edge-service's EMPORIUM_SECURITY_JWT_ISSUER is http://elsewhere:8180/realms/emporium by default, not"
                        + " http://localhost:8180/realms/emporium (the issuer of keycloak's tokens)",
                "edge-service's EMPORIUM_SECURITY_JWT_AUDIENCE is emporium by default, not emporium-api (the audience"
                        + " realm emporium's audience mapper adds)",
                "edge-service's EMPORIUM_SECURITY_JWT_JWK_SET_URI is not set by default, not"
                        + " http://keycloak:8080/realms/emporium/protocol/openid-connect/certs (keycloak's JWK set on"
                        + " the compose network)",
                "edge-service's EMPORIUM_SECURITY_JWT_ROLES_CLAIM is not set by default, not realm_access.roles"
                        + " (where keycloak puts realm roles)");
        assertThat(problems).as("both forms of a described property bind (relaxed binding)")
                            .noneMatch(p -> p.contains("EMPORIUM_PAYMENT_HTTP_BASE_URL")
                                    || p.contains("EMPORIUM_PAYMENT_HTTP_BASEURL"));
    }

    @Test
    void theServicesHealthCheckPassesOnReadinessUpAndFailsOnReadinessDownWhateverItsComponentsSay() {
        List<String> compose = ComposeChecks.healthCheck(ProjectFiles.root().resolve("compose.yaml"), "order-service");

        assertThat(HealthCheckRun.problems("order-service", compose, "/actuator/health/readiness")).isEmpty();
        assertThat(HealthCheckRun.problems("order-service", compose, "/actuator/health/other"))
                .containsExactly("order-service's health check fails while its readiness (/actuator/health/other) is UP");
        assertThat(HealthCheckRun.problems("order-service", List.of("false"), "/actuator/health/readiness"))
                .containsExactly("order-service's health check fails while its readiness (/actuator/health/readiness)"
                        + " is UP");
    }

    @Test
    void anImageIsPinnedByAVersionTagOrADigestOnly() {
        assertThat(ComposeChecks.pinned("postgres:15.8")).isTrue();
        assertThat(ComposeChecks.pinned("axoniq/axonserver:2024.2.4-jdk-17")).isTrue();
        assertThat(ComposeChecks.pinned("postgres@sha256:0123abcd")).isTrue();
        assertThat(ComposeChecks.pinned("postgres")).isFalse();
        assertThat(ComposeChecks.pinned("postgres:latest")).isFalse();
        assertThat(ComposeChecks.pinned("registry.local:5000/postgres")).isFalse();
        assertThat(ComposeChecks.pinned("axoniq/axonserver:latest-jdk-17")).isFalse();
    }
}
