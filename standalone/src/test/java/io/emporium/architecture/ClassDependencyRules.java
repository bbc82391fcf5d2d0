package io.emporium.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Class-level rules, written for a root package so they can be checked on Emporium itself and, to prove
 * they can fail, on a deliberately broken copy of its layout under {@code io.emporium.architecture.broken}: the
 * module boundaries, and the traps of the design (a saga's injected resources {@code transient}, sagas associated on
 * the order id only, no message handlers in the platform module).
 */
final class ClassDependencyRules {

    static final List<String> AGGREGATES = List.of("order", "inventory", "payment");
    /** The one property sagas associate on (the saga's {@code ASSOCIATION}). */
    static final String ORDER_ID = "orderId";

    private ClassDependencyRules() {
    }

    static List<ArchRule> forRoot(String root) {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(classes().that().resideInAPackage(root + ".messages..")
                           .and().resideOutsideOfPackage(root + ".messages.upcasting..")
                           .should().onlyDependOnClassesThat(
                                   resideInAnyPackage("java..", root + ".messages..", "org.axonframework.modelling.command..")
                                           .or(equivalentTo(Revision.class)))
                           .as("the message contract uses nothing but Java, Axon's routing annotations and @Revision"));
        // An event type is what a handler of the code base takes: every @EventHandler, @EventSourcingHandler and
        // @SagaEventHandler (both meta-annotated with @EventHandler) whose first parameter is of the contract.
        rules.add(methods().that().areMetaAnnotatedWith(EventHandler.class)
                           .and().areDeclaredInClassesThat().resideInAPackage(root + "..")
                           .should(takeOnlyRevisedEventsOf(root + ".messages"))
                           .as("every event type of the message contract carries @Revision (decision 0052)"));
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
        rules.add(fields().that().areDeclaredInClassesThat().areAnnotatedWith(Saga.class)
                          .and().areDeclaredInClassesThat().resideInAPackage(root + "..")
                          .and().areAnnotatedWith(Autowired.class)
                          .should().haveModifier(JavaModifier.TRANSIENT)
                          .as("a saga's injected resources are transient, so they are never stored with it"));
        rules.add(methods().that().areAnnotatedWith(SagaEventHandler.class)
                           .and().areDeclaredInClassesThat().resideInAPackage(root + "..")
                           .should(associateOn(ORDER_ID))
                           .as("sagas handle events associated on the order id only"));
        rules.add(noClasses().that().areAnnotatedWith(Saga.class).and().resideInAPackage(root + "..")
                             .should().callMethodWhere(DescribedPredicate.describe(
                                     "SagaLifecycle.associateWith", call -> call.getTarget().getOwner()
                                             .isEquivalentTo(SagaLifecycle.class)
                                             && call.getTarget().getName().equals("associateWith")))
                             .as("sagas add no association beyond the order id of their events"));
        rules.add(noMethods().that().areDeclaredInClassesThat().resideInAPackage(root + ".platform..")
                             .should().beAnnotatedWith(CommandHandler.class)
                             .orShould().beAnnotatedWith(EventHandler.class)
                             .orShould().beAnnotatedWith(EventSourcingHandler.class)
                             .orShould().beAnnotatedWith(QueryHandler.class)
                             .orShould().beAnnotatedWith(SagaEventHandler.class)
                             .as("the platform module handles no messages"));
        return rules;
    }

    private static ArchCondition<JavaMethod> associateOn(String property) {
        return new ArchCondition<>("associate on " + property) {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                String actual = method.getAnnotationOfType(SagaEventHandler.class).associationProperty();
                events.add(new SimpleConditionEvent(method, property.equals(actual),
                        method.getFullName() + " associates on " + actual));
            }
        };
    }

    /** The first parameter of a handler, when it is a type of the contract, is annotated with Axon's @Revision. */
    static ArchCondition<JavaMethod> takeOnlyRevisedEventsOf(String contract) {
        return new ArchCondition<>("take as event only types of " + contract + " annotated with @Revision") {
            @Override
            public void check(JavaMethod handler, ConditionEvents events) {
                if (handler.getRawParameterTypes().isEmpty()) {
                    return;
                }
                JavaClass event = handler.getRawParameterTypes().get(0);
                boolean ofTheContract = event.getPackageName().equals(contract)
                        || event.getPackageName().startsWith(contract + ".");
                if (ofTheContract && !event.isAnnotatedWith(Revision.class)) {
                    events.add(SimpleConditionEvent.violated(handler, event.getName() + ", taken by "
                            + handler.getFullName() + ", has no @Revision"));
                }
            }
        };
    }
}
