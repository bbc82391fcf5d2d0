package io.emporium.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/kubernetes cannot be applied here (no cluster): each overlay is rendered with kubectl's Kustomize
 * ({@link Kustomize}), validated against the Kubernetes API's schemas ({@link KubernetesSchema}) and checked by the
 * project's own checks ({@link KubernetesChecks}), each shown to fail on a broken fixture.
 */
class KubernetesManifestTest {

    private static final Path OVERLAYS = ProjectFiles.root().resolve("deploy/kubernetes/overlays");

    @ParameterizedTest
    @ValueSource(strings = {"development", "production"})
    void everyOverlayRendersToValidKubernetesObjects(String overlay) {
        List<Map<String, Object>> objects = Kustomize.render(OVERLAYS.resolve(overlay));

        assertThat(objects).extracting(o -> o.get("kind") + "/" + ((Map<?, ?>) o.get("metadata")).get("name"))
                           .contains("Deployment/edge-service", "StatefulSet/axonserver", "Ingress/edge-service");
        assertThat(KubernetesSchema.violations(objects)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "production"})
    void everyOverlayPassesEveryCheck(String overlay) {
        assertThat(KubernetesChecks.problems(Kustomize.render(OVERLAYS.resolve(overlay)))).isEmpty();
    }

    @Test
    void theOverlaysAreTheOnlyOnesAndProductionRunsTwoInstancesOfEachService() throws IOException {
        try (var overlays = Files.list(OVERLAYS)) {
            assertThat(overlays.map(p -> p.getFileName().toString()))
                    .as("every overlay is rendered by the tests above").containsExactlyInAnyOrder("development",
                                                                                               "production");
        }
        assertThat(Kustomize.render(OVERLAYS.resolve("production")))
                .filteredOn(o -> "Deployment".equals(o.get("kind")))
                .hasSize(ComposeChecks.PLATFORM_SERVICES.size())
                .allSatisfy(d -> assertThat(((Map<?, ?>) d.get("spec")).get("replicas")).isEqualTo(2));
    }

    @Test
    void theSchemaCheckFailsOnObjectsAgainstTheKubernetesApi() {
        List<String> violations = KubernetesSchema.violations(load(ProjectFiles.testResource(
                "kubernetes/schema-broken.yaml")));

        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("Deployment/wrong-types: /spec/replicas"));
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith(
                "Deployment/wrong-types: /spec/template/spec/containers/0/ports/0/containerPort"));
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("PodDisruptionBudget/wrong-version:"
                + " /spec/maxUnavailable"));
        assertThat(violations).contains("Deployment/unknown-version: / no schema for apiVersion apps/v2 kind"
                + " Deployment");
    }

    @Test
    void everyCheckFailsOnTheDeliberatelyBrokenManifests() {
        List<String> problems = KubernetesChecks.problems(Kustomize.render(ProjectFiles.testResource(
                "kubernetes/broken")));

        assertThat(problems).contains(
                "Deployment saga-service is missing",
                "Deployment order-service uses an image that is not pinned to a version: emporium/order-service:latest",
                "StatefulSet axonserver uses an image that is not pinned to a version: axoniq/axonserver",
                "order-service's liveness probe asks port 8081 (8081), but the service listens on 8080",
                "order-service's readiness probe asks /actuator/health, but its readiness is at"
                        + " /actuator/health/readiness",
                "order-service sets no memory limit",
                "order-service writes a literal value for EMPORIUM_DB_PASSWORD; take it from a Secret (secretKeyRef)",
                "order-service reads no variable EMPORIUM_ORDER_SPEED (no placeholder in its settings files, no"
                        + " property of its configuration metadata)",
                "order-service reads no variable NO_SERVICE_READS_THIS (no placeholder in its settings files, no"
                        + " property of its configuration metadata)",
                "order-service has no Service sending traffic to its port 8080",
                "order-service has no PodDisruptionBudget",
                "inventory-service has no readiness probe asking /actuator/health/readiness",
                "inventory-service has no liveness probe asking /actuator/health/liveness",
                "inventory-service takes every key of Secret credentials as a variable; name each with secretKeyRef"
                        + " so that each can be checked",
                "inventory-service takes EMPORIUM_DB_PASSWORD from ConfigMap settings key db-password, which the"
                        + " manifests lack",
                "inventory-service takes EMPORIUM_DB_PASSWORD from a ConfigMap; take it from a Secret (secretKeyRef)",
                "Secret credentials is written into the manifests; reference a Secret created outside them"
                        + " (deploy/kubernetes/README.md)",
                "no Ingress routes to the Service edge-service",
                "axonserver keeps /axonserver/events on no volumeClaimTemplate: its events would not survive the pod",
                "AXON_SERVER_SERVERS names axonserver-0.axon-elsewhere:8124, which is no port of the Service"
                        + " axonserver of StatefulSet axonserver",
                "ConfigMap settings holds AXON_SERVER_TOKEN; credentials belong in a Secret");
        assertThat(problems).noneMatch(p -> p.contains("/axonserver/data"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(Path file) {
        try {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                objects.add((Map<String, Object>) document);
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
