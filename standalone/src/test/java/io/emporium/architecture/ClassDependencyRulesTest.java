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
                                    .filter(rule -> rule.evaluate(broken).hasViolation())
                                    .map(ArchRule::getDescription)
                                    .toList();

        assertThat(failing).contains(
                "the message contract uses nothing but Java, Axon's routing annotations and @Revision",
                "every event type of the message contract carries @Revision (decision 0052)",
                "order never depends on inventory",
                "the edge never depends on the order module",
                "the saga never depends on the inventory module",
                "the saga never depends on the payment module",
                "the projections never depend on the payment module",
                "aggregates decide without Spring");
    }
}
