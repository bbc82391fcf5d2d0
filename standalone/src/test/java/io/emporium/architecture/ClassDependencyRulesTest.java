package io.emporium.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassDependencyRulesTest {

    @Test
    void emporiumKeepsEveryClassDependencyRule() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.emporium");
        assertThat(production.containPackage("io.emporium.order")).isTrue();
        assertThat(production.containPackage("io.emporium.edge")).isTrue();
        assertThat(production.containPackage("io.emporium.saga")).isTrue();
        assertThat(production.containPackage("io.emporium.projections")).isTrue();

        // ArchUnit fails a rule whose "that()" matches no class, so none of these passes by checking nothing.
        for (ArchRule rule : ClassDependencyRules.forRoot("io.emporium")) {
            rule.check(production);
        }
    }

    @Test
    void everyRuleFailsOnTheDeliberatelyBrokenLayout() {
        JavaClasses broken = new ClassFileImporter().importPackages("io.emporium.architecture.broken");
        List<ArchRule> rules = ClassDependencyRules.forRoot("io.emporium.architecture.broken");

        List<String> failing = rules.stream()
                                    .filter(rule -> rule.evaluate(broken).hasViolation())
                                    .map(ArchRule::getDescription)
                                    .toList();

        assertThat(failing).contains(
                "the message contract uses nothing but Java and Axon's routing annotations",
                "order never depends on inventory",
                "the edge never depends on the order module",
                "the saga never depends on the inventory module",
                "the saga never depends on the payment module",
                "the projections never depend on the payment module",
                "aggregates decide without Spring");
    }
}
