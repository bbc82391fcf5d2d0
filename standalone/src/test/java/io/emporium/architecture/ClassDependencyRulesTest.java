package io.emporium.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.EventHandler;
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
    void theRevisionRuleSeesEveryEventTypeOfTheContract() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.emporium");
        Set<String> handled = new TreeSet<>();
        for (JavaClass type : production) {
            for (JavaMethod method : type.getMethods()) {
                if (method.isMetaAnnotatedWith(EventHandler.class) && !method.getRawParameterTypes().isEmpty()
                        && method.getRawParameterTypes().get(0).getPackageName().startsWith("io.emporium.messages")) {
                    handled.add(method.getRawParameterTypes().get(0).getSimpleName());
                }
            }
        }
        // Every event record of the contract today; a new one is handled somewhere, and so is seen by the rule.
        assertThat(handled).containsExactlyInAnyOrder(
                "OrderPlaced", "OrderConfirmed", "OrderRejected", "OrderCancelled",
                "ProductRegistered", "StockReceived", "StockReserved", "StockReservationRejected", "StockReleased",
                "ReservationCommitted", "ReservationClosed",
                "PaymentAuthorizationRequested", "PaymentAuthorized", "PaymentDeclined", "PaymentRefunded");
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
