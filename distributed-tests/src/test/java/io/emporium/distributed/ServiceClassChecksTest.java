package io.emporium.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The services' main classes and settings files keep decision 0016, checked on the compiled classes of
 * {@code services/*} (built before this module) and shown to fail on a deliberately broken package.
 */
class ServiceClassChecksTest {

    @Test
    void everyServiceMainClassImportsThePlatformAndItsModuleOnlyAndScansNothingElse() {
        Path root = ProjectFiles.root();
        List<Path> compiled = ServiceProcesses.SERVICES.stream()
                .map(service -> root.resolve("services").resolve(service).resolve("target/classes"))
                .toList();
        assertThat(compiled).allSatisfy(folder -> assertThat(folder).isDirectory());
        JavaClasses classes = new ClassFileImporter().importPaths(compiled);

        assertThat(ServiceClassChecks.mainClasses(classes)).extracting(JavaClass::getSimpleName)
                .containsExactlyInAnyOrder("OrderApplication", "InventoryApplication", "PaymentApplication",
                                           "ProjectionsApplication", "SagaApplication", "EdgeApplication");
        assertThat(ServiceClassChecks.problems(classes)).isEmpty();
    }

    @Test
    void everyServiceReadsItsOwnSettingsFileAndBringsNoApplicationYml() {
        for (String service : ServiceProcesses.SERVICES) {
            Path resources = ProjectFiles.root().resolve("services").resolve(service).resolve("src/main/resources");
            assertThat(resources.resolve(service + ".yml")).as(service).isRegularFile();
            assertThat(Files.exists(resources.resolve("application.yml"))
                               || Files.exists(resources.resolve("application.properties")))
                    .as(service + " must not bring an application.yml: it would shadow or be shadowed").isFalse();
        }
    }

    @Test
    void everyCheckFailsOnTheDeliberatelyBrokenPackage() {
        JavaClasses broken = new ClassFileImporter().importPackages("io.emporium.distributed.broken");

        assertThat(ServiceClassChecks.problems(broken)).containsExactlyInAnyOrder(
                "GreedyService shares its package with Helper, which its component scan would pick up",
                "GreedyService scans packages beyond its own",
                "GreedyService does not import PlatformConfiguration",
                "GreedyService imports [io.emporium.distributed.broken.service.Helper, "
                        + "io.emporium.distributed.broken.misplaced.MisplacedService] instead of its module's one "
                        + "configuration",
                "GreedyService does not start through ServiceLauncher (its own settings file)",
                "MisplacedService is not in a package <module>.service",
                "MisplacedService declares a component scan",
                "MisplacedService does not import PlatformConfiguration",
                "MisplacedService imports [] instead of its module's one configuration",
                "MisplacedService does not start through ServiceLauncher (its own settings file)");
    }
}
