package io.emporium.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.modelling.command.AggregateRoot;

/**
 * Class-level rules, written for a root package so they can be checked on Emporium itself and, to prove
 * they can fail, on a deliberately broken copy of its layout under {@code io.emporium.architecture.broken}.
 */
final class ClassDependencyRules {

    static final List<String> AGGREGATES = List.of("order", "inventory", "payment");

    private ClassDependencyRules() {
    }

    static List<ArchRule> forRoot(String root) {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(classes().that().resideInAPackage(root + ".messages..")
                           .should().onlyDependOnClassesThat()
                           .resideInAnyPackage("java..", root + ".messages..", "org.axonframework.modelling.command..")
                           .as("the message contract uses nothing but Java and Axon's routing annotations"));
        for (String aggregate : AGGREGATES) {
            for (String other : AGGREGATES) {
                if (!aggregate.equals(other)) {
                    rules.add(noClasses().that().resideInAPackage(root + "." + aggregate + "..")
                                         .should().dependOnClassesThat().resideInAPackage(root + "." + other + "..")
                                         .as(aggregate + " never depends on " + other));
                }
            }
            rules.add(noClasses().that().resideInAPackage(root + ".edge..")
                                 .should().dependOnClassesThat().resideInAPackage(root + "." + aggregate + "..")
                                 .as("the edge never depends on the " + aggregate + " module"));
            rules.add(noClasses().that().resideInAPackage(root + ".saga..")
                                 .should().dependOnClassesThat().resideInAPackage(root + "." + aggregate + "..")
                                 .as("the saga never depends on the " + aggregate + " module"));
            rules.add(noClasses().that().resideInAPackage(root + ".projections..")
                                 .should().dependOnClassesThat().resideInAPackage(root + "." + aggregate + "..")
                                 .as("the projections never depend on the " + aggregate + " module"));
        }
        rules.add(noClasses().that().areMetaAnnotatedWith(AggregateRoot.class)
                             .and().resideInAPackage(root + "..")
                             .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                             .as("aggregates decide without Spring"));
        return rules;
    }
}
