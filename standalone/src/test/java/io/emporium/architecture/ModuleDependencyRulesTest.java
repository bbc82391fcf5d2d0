package io.emporium.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDependencyRulesTest {

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("project root (the folder holding mvnw)").isNotNull();
        return dir;
    }

    @Test
    void theBuildKeepsEveryModuleDependencyRule() {
        Map<String, Set<String>> build = ModuleDependencyRules.readBuild(projectRoot());

        assertThat(build).containsKeys("emporium-messages", "inventory-aggregate", "order-aggregate",
                "payment-aggregate", "query-projections", "saga-coordinator", "api-edge", "emporium-standalone",
                "emporium-benchmarks");
        assertThat(build.get("api-edge")).containsExactly("emporium-messages");
        assertThat(build.get("saga-coordinator")).containsExactly("emporium-messages");
        assertThat(build.get("query-projections")).containsExactly("emporium-messages");
        assertThat(ModuleDependencyRules.violations(build)).isEmpty();
    }

    @Test
    void anAggregateDependingOnAnotherAggregateIsReported() {
        Map<String, Set<String>> build = new LinkedHashMap<>(ModuleDependencyRules.readBuild(projectRoot()));
        build.put("order-aggregate", Set.of("emporium-messages", "inventory-aggregate"));

        assertThat(ModuleDependencyRules.violations(build))
                .containsExactly("order-aggregate must not depend on inventory-aggregate");
    }

    @Test
    void theEdgeDependingOnAnythingButTheContractIsReported() {
        Map<String, Set<String>> build = new LinkedHashMap<>(ModuleDependencyRules.readBuild(projectRoot()));
        build.put("api-edge", Set.of("emporium-messages", "payment-aggregate", "emporium-platform"));

        assertThat(ModuleDependencyRules.violations(build)).containsExactlyInAnyOrder(
                "api-edge must not depend on payment-aggregate",
                "api-edge must not depend on emporium-platform");
    }

    @Test
    void theSagaDependingOnAnAggregateIsReported() {
        Map<String, Set<String>> build = new LinkedHashMap<>(ModuleDependencyRules.readBuild(projectRoot()));
        build.put("saga-coordinator", Set.of("emporium-messages", "inventory-aggregate"));

        assertThat(ModuleDependencyRules.violations(build))
                .containsExactly("saga-coordinator must not depend on inventory-aggregate");
    }

    @Test
    void theContractDependingOnAnyModuleIsReported() {
        Map<String, Set<String>> build = new LinkedHashMap<>(ModuleDependencyRules.readBuild(projectRoot()));
        build.put("emporium-messages", Set.of("emporium-platform"));

        assertThat(ModuleDependencyRules.violations(build))
                .containsExactly("emporium-messages must not depend on emporium-platform");
    }

    @Test
    void theProjectionsDependingOnAnAggregateAreReported() {
        Map<String, Set<String>> build = new LinkedHashMap<>(ModuleDependencyRules.readBuild(projectRoot()));
        build.put("query-projections", Set.of("emporium-messages", "order-aggregate"));

        assertThat(ModuleDependencyRules.violations(build))
                .containsExactly("query-projections must not depend on order-aggregate");
    }

    @Test
    void theAssemblyDependingOnTheBenchmarkHarnessIsReported() {
        Map<String, Set<String>> build = new LinkedHashMap<>(ModuleDependencyRules.readBuild(projectRoot()));
        Set<String> standalone = new LinkedHashSet<>(build.get("emporium-standalone"));
        standalone.add("emporium-benchmarks");
        build.put("emporium-standalone", standalone);

        assertThat(ModuleDependencyRules.violations(build))
                .containsExactly("emporium-standalone must not depend on emporium-benchmarks");
    }

    @Test
    void everyServiceIsItsModuleOnThePlatform() {
        Map<String, Set<String>> build = ModuleDependencyRules.readBuild(projectRoot());

        assertThat(build).containsKeys("order-service", "inventory-service", "payment-service",
                "projections-service", "saga-service", "edge-service", "emporium-distributed-tests");
        assertThat(build.get("order-service")).containsExactlyInAnyOrder("order-aggregate", "emporium-platform");
        assertThat(build.get("edge-service")).containsExactlyInAnyOrder("api-edge", "emporium-platform");
    }

    @Test
    void aServiceCarryingAnotherModuleIsReported() {
        Map<String, Set<String>> build = new LinkedHashMap<>(ModuleDependencyRules.readBuild(projectRoot()));
        build.put("order-service", Set.of("order-aggregate", "emporium-platform", "inventory-aggregate"));
        build.put("emporium-standalone", Set.of("emporium-platform", "order-service"));

        assertThat(ModuleDependencyRules.violations(build)).containsExactlyInAnyOrder(
                "order-service must not depend on inventory-aggregate",
                "emporium-standalone must not depend on order-service");
    }

    @Test
    void aModuleWithoutARuleIsReportedRatherThanLetThrough() {
        Map<String, Set<String>> build = new LinkedHashMap<>(ModuleDependencyRules.readBuild(projectRoot()));
        build.put("shipping-aggregate", Set.of("emporium-messages"));

        assertThat(ModuleDependencyRules.violations(build))
                .containsExactly("shipping-aggregate has no dependency rule: give it a role in ModuleDependencyRules");
    }
}
