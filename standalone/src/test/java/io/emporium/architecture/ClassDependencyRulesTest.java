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
        assertThat(production.containPackage("io.emporium.platform")).isTrue();

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
                                    // A rule that matches nothing is not counted as failing: only real violations.
                                    .filter(rule -> rule.allowEmptyShould(true).evaluate(broken).hasViolation())
                                    .map(ArchRule::getDescription)
                                    .toList();

        assertThat(failing).as("every rule, each shown able to fail")
                           .containsExactlyElementsOf(rules.stream().map(ArchRule::getDescription).toList());
    }
}
