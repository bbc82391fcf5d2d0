package io.emporium.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module dependency rules of Emporium, checked on the Maven build itself: which module may depend on
 * which of the project's other modules. Dependencies point one way: the contract at the bottom, the
 * aggregates, the edge, the saga coordinator and the platform beside each other, the assemblies on top.
 */
final class ModuleDependencyRules {

    static final String GROUP = "io.emporium";

    /** For each module (by artifact id), the project modules it may depend on. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("emporium-messages", Set.of()),
            // The platform knows the contract's common types only: refusals travel as details of remote failures.
            Map.entry("emporium-platform", Set.of("emporium-messages")),
            Map.entry("inventory-aggregate", Set.of("emporium-messages")),
            Map.entry("order-aggregate", Set.of("emporium-messages")),
            Map.entry("payment-aggregate", Set.of("emporium-messages")),
            Map.entry("query-projections", Set.of("emporium-messages")),
            Map.entry("saga-coordinator", Set.of("emporium-messages")),
            Map.entry("api-edge", Set.of("emporium-messages")),
            Map.entry("emporium-standalone", Set.of("emporium-messages", "emporium-platform", "inventory-aggregate",
                    "order-aggregate", "payment-aggregate", "query-projections", "saga-coordinator", "api-edge")),
            // Distributed mode: each service is its module, the platform and the contract, nothing else (so that no
            // service carries another module's handlers); nothing but the distributed tests depends on a service.
            Map.entry("order-service", Set.of("order-aggregate", "emporium-platform", "emporium-messages")),
            Map.entry("inventory-service", Set.of("inventory-aggregate", "emporium-platform", "emporium-messages")),
            Map.entry("payment-service", Set.of("payment-aggregate", "emporium-platform", "emporium-messages")),
            Map.entry("projections-service", Set.of("query-projections", "emporium-platform", "emporium-messages")),
            Map.entry("saga-service", Set.of("saga-coordinator", "emporium-platform", "emporium-messages")),
            Map.entry("edge-service", Set.of("api-edge", "emporium-platform", "emporium-messages")),
            // The distributed tests start the services' jars as processes; they depend on them for the build order.
            Map.entry("emporium-distributed-tests", Set.of("order-service", "inventory-service", "payment-service",
                    "projections-service", "saga-service", "edge-service", "emporium-messages")),
            // The API description's client tests drive the assembly over HTTP; nothing may depend on them.
            Map.entry("emporium-api-client-tests", Set.of("emporium-standalone")),
            // The harness sits above the assembly it measures; nothing may depend on it.
            Map.entry("emporium-benchmarks", Set.of("emporium-standalone", "emporium-messages", "emporium-platform",
                    "inventory-aggregate", "order-aggregate", "payment-aggregate", "query-projections",
                    "saga-coordinator", "api-edge")));

    private ModuleDependencyRules() {
    }

    /** The project's modules with the project modules each one depends on, read from the poms. */
    static Map<String, Set<String>> readBuild(Path root) {
        Map<String, Set<String>> modules = new LinkedHashMap<>();
        for (String module : childElements(parse(root.resolve("pom.xml")), "modules", "module")) {
            Document pom = parse(root.resolve(module).resolve("pom.xml"));
            String artifactId = directChild(pom.getDocumentElement(), "artifactId");
            Set<String> dependencies = new LinkedHashSet<>();
            Element deps = firstDirect(pom.getDocumentElement(), "dependencies");
            if (deps != null) {
                for (Element dependency : directChildren(deps, "dependency")) {
                    if (GROUP.equals(directChild(dependency, "groupId"))) {
                        dependencies.add(directChild(dependency, "artifactId"));
                    }
                }
            }
            modules.put(artifactId, dependencies);
        }
        return modules;
    }

    /** Every broken rule, as a sentence; empty when the build keeps them all. */
    static List<String> violations(Map<String, Set<String>> build) {
        List<String> violations = new ArrayList<>();
        build.forEach((module, dependencies) -> {
            Set<String> allowed = ALLOWED.get(module);
            if (allowed == null) {
                violations.add(module + " has no dependency rule: give it a role in ModuleDependencyRules");
                return;
            }
            for (String dependency : dependencies) {
                if (!allowed.contains(dependency)) {
                    violations.add(module + " must not depend on " + dependency);
                }
            }
        });
        return violations;
    }

    private static Document parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(Files.newInputStream(pom));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static List<String> childElements(Document pom, String container, String child) {
        Element parent = firstDirect(pom.getDocumentElement(), container);
        List<String> values = new ArrayList<>();
        if (parent != null) {
            directChildren(parent, child).forEach(element -> values.add(element.getTextContent().trim()));
        }
        return values;
    }

    private static Element firstDirect(Element parent, String name) {
        List<Element> children = directChildren(parent, name);
        return children.isEmpty() ? null : children.get(0);
    }

    private static String directChild(Element parent, String name) {
        Element child = firstDirect(parent, name);
        return child == null ? null : child.getTextContent().trim();
    }

    private static List<Element> directChildren(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && name.equals(element.getLocalName() != null
                    ? element.getLocalName() : element.getTagName())) {
                result.add(element);
            }
        }
        return result;
    }
}
