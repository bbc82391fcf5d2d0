package io.emporium.distributed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The project's checks of rendered Kubernetes manifests (an overlay after {@link Kustomize}), beyond the schemas
 * ({@link KubernetesSchema}): one Deployment per service of the platform, whose probes ask the service's real
 * liveness and readiness paths on the port it listens on with that environment, with resources, a Service and a
 * PodDisruptionBudget; every environment variable one the service reads ({@link ServiceSettings}); no credential
 * written into the manifests (credentials come from a Secret they reference); pinned images; an Ingress to the edge;
 * Axon Server as a StatefulSet whose volumes are claims, reached at the address the services are given. Each problem
 * is one sentence; an empty list means the manifests pass.
 */
final class KubernetesChecks {

    private KubernetesChecks() {
    }

    static List<String> problems(List<Map<String, Object>> objects) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> configMaps = new HashMap<>();
        for (Map<String, Object> object : objects) {
            String kind = String.valueOf(object.get("kind"));
            String name = String.valueOf(map(object.get("metadata")).get("name"));
            if (kind.equals("ConfigMap")) {
                configMaps.put(name, map(object.get("data")));
                map(object.get("data")).forEach((key, value) -> {
                    if (ComposeChecks.SECRET_NAME.matcher(key).matches() && !String.valueOf(value).isBlank()) {
                        problems.add("ConfigMap " + name + " holds " + key + "; credentials belong in a Secret");
                    }
                });
            }
            if (kind.equals("Secret") && (object.get("data") != null || object.get("stringData") != null)) {
                problems.add("Secret " + name + " is written into the manifests; reference a Secret created outside"
                        + " them (deploy/kubernetes/README.md)");
            }
        }
        for (String service : ComposeChecks.PLATFORM_SERVICES) {
            Map<String, Object> deployment = find(objects, "Deployment", service);
            if (deployment == null) {
                problems.add("Deployment " + service + " is missing");
            } else {
                checkService(service, deployment, objects, configMaps, problems);
            }
        }
        for (Map<String, Object> object : objects) {
            for (Map<String, Object> container : containers(object)) {
                Object image = container.get("image");
                if (image == null || !ComposeChecks.pinned(image.toString())) {
                    problems.add(object.get("kind") + " " + name(object) + " uses an image that is not pinned to a"
                            + " version: " + image);
                }
            }
        }
        checkIngress(objects, problems);
        checkAxonServer(objects, configMaps, problems);
        return problems;
    }

    private static void checkService(String service, Map<String, Object> deployment, List<Map<String, Object>> objects,
                                     Map<String, Map<String, Object>> configMaps, List<String> problems) {
        Map<String, Object> container = containers(deployment).stream()
                .filter(c -> String.valueOf(c.get("image")).startsWith("emporium/" + service + ":"))
                .findFirst().orElse(null);
        if (container == null) {
            problems.add("Deployment " + service + " runs no container of image emporium/" + service);
            return;
        }
        ServiceSettings settings = ServiceSettings.of(service);
        Map<String, String> environment = environment(service, container, configMaps, problems);
        environment.keySet().stream().map(settings::unknownVariable).filter(Objects::nonNull).forEach(problems::add);
        int port = settings.httpPort(environment);
        Map<String, Integer> ports = new HashMap<>();
        for (Object declared : list(container.get("ports"))) {
            Map<String, Object> p = map(declared);
            if (p.get("name") != null && p.get("containerPort") instanceof Integer number) {
                ports.put(p.get("name").toString(), number);
            }
        }
        settings.probePaths().forEach((probe, path) -> {
            Map<String, Object> httpGet = map(map(container.get(probe + "Probe")).get("httpGet"));
            if (httpGet.isEmpty()) {
                problems.add(service + " has no " + probe + " probe asking " + path);
                return;
            }
            if (!path.equals(httpGet.get("path"))) {
                problems.add(service + "'s " + probe + " probe asks " + httpGet.get("path") + ", but its " + probe
                        + " is at " + path);
            }
            Integer asked = httpGet.get("port") instanceof Integer number ? number : ports.get(
                    String.valueOf(httpGet.get("port")));
            if (!Objects.equals(asked, port)) {
                problems.add(service + "'s " + probe + " probe asks port " + httpGet.get("port") + " (" + asked
                        + "), but the service listens on " + port);
            }
        });
        if (settings.probePaths().isEmpty()) {
            problems.add(service + " has no liveness and readiness groups (management.endpoint.health.probes)");
        }
        Map<String, Object> resources = map(container.get("resources"));
        for (String needed : List.of("requests.cpu", "requests.memory", "limits.memory")) {
            String[] parts = needed.split("\\.");
            if (map(resources.get(parts[0])).get(parts[1]) == null) {
                problems.add(service + " sets no " + parts[1] + " " + (parts[0].equals("limits") ? "limit" : "request"));
            }
        }
        Map<String, Object> podLabels = map(map(map(map(deployment.get("spec")).get("template")).get("metadata"))
                                                    .get("labels"));
        boolean served = objects.stream().filter(o -> "Service".equals(o.get("kind")))
                .filter(o -> selects(map(map(o.get("spec")).get("selector")), podLabels))
                .flatMap(o -> list(map(o.get("spec")).get("ports")).stream().map(KubernetesChecks::map))
                .anyMatch(p -> Objects.equals(p.get("targetPort") instanceof Integer n ? n
                        : ports.get(String.valueOf(p.get("targetPort"))), port));
        if (!served) {
            problems.add(service + " has no Service sending traffic to its port " + port);
        }
        boolean budgeted = objects.stream().filter(o -> "PodDisruptionBudget".equals(o.get("kind")))
                .anyMatch(o -> selects(map(map(map(o.get("spec")).get("selector")).get("matchLabels")), podLabels));
        if (!budgeted) {
            problems.add(service + " has no PodDisruptionBudget");
        }
    }

    /** The container's variables with their values (blank where a Secret gives them); each source checked. */
    private static Map<String, String> environment(String service, Map<String, Object> container,
                                                   Map<String, Map<String, Object>> configMaps,
                                                   List<String> problems) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Object source : list(container.get("envFrom"))) {
            Map<String, Object> from = map(source);
            if (from.get("secretRef") != null) {
                problems.add(service + " takes every key of Secret " + map(from.get("secretRef")).get("name")
                        + " as a variable; name each with secretKeyRef so that each can be checked");
            }
            if (from.get("configMapRef") != null) {
                String name = String.valueOf(map(from.get("configMapRef")).get("name"));
                Map<String, Object> data = configMaps.get(name);
                if (data == null) {
                    problems.add(service + " takes its settings from ConfigMap " + name + ", which the manifests lack");
                } else {
                    data.forEach((key, value) -> environment.put(key, String.valueOf(value)));
                }
            }
        }
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> variable = map(entry);
            String name = String.valueOf(variable.get("name"));
            boolean secret = ComposeChecks.SECRET_NAME.matcher(name).matches();
            Map<String, Object> valueFrom = map(variable.get("valueFrom"));
            if (variable.containsKey("value")) {
                environment.put(name, String.valueOf(variable.get("value")));
                if (secret) {
                    problems.add(service + " writes a literal value for " + name + "; take it from a Secret"
                            + " (secretKeyRef)");
                }
            } else if (valueFrom.get("configMapKeyRef") != null) {
                Map<String, Object> ref = map(valueFrom.get("configMapKeyRef"));
                Map<String, Object> data = configMaps.get(String.valueOf(ref.get("name")));
                if (data == null || !data.containsKey(String.valueOf(ref.get("key")))) {
                    problems.add(service + " takes " + name + " from ConfigMap " + ref.get("name") + " key "
                            + ref.get("key") + ", which the manifests lack");
                }
                environment.put(name, data == null ? "" : String.valueOf(data.get(String.valueOf(ref.get("key")))));
                if (secret) {
                    problems.add(service + " takes " + name + " from a ConfigMap; take it from a Secret (secretKeyRef)");
                }
            } else {
                environment.put(name, "");
            }
        }
        return environment;
    }

    private static void checkIngress(List<Map<String, Object>> objects, List<String> problems) {
        boolean routed = objects.stream().filter(o -> "Ingress".equals(o.get("kind")))
                .flatMap(o -> list(map(o.get("spec")).get("rules")).stream())
                .flatMap(rule -> list(map(map(rule).get("http")).get("paths")).stream())
                .map(path -> map(map(map(path).get("backend")).get("service")).get("name"))
                .anyMatch("edge-service"::equals);
        if (!routed) {
            problems.add("no Ingress routes to the Service edge-service");
        }
    }

    private static void checkAxonServer(List<Map<String, Object>> objects, Map<String, Map<String, Object>> configMaps,
                                        List<String> problems) {
        Map<String, Object> axon = find(objects, "StatefulSet", "axonserver");
        if (axon == null) {
            problems.add("StatefulSet axonserver is missing");
            return;
        }
        Set<String> claims = new TreeSet<>();
        for (Object template : list(map(axon.get("spec")).get("volumeClaimTemplates"))) {
            claims.add(String.valueOf(map(map(template).get("metadata")).get("name")));
        }
        for (Map<String, Object> container : containers(axon)) {
            for (String needed : List.of("/axonserver/events", "/axonserver/data")) {
                boolean kept = list(container.get("volumeMounts")).stream().map(KubernetesChecks::map)
                        .anyMatch(m -> needed.equals(m.get("mountPath")) && claims.contains(String.valueOf(m.get("name"))));
                if (!kept) {
                    problems.add("axonserver keeps " + needed + " on no volumeClaimTemplate: its "
                            + (needed.endsWith("events") ? "events" : "control data") + " would not survive the pod");
                }
            }
        }
        String servers = configMaps.values().stream().map(data -> data.get("AXON_SERVER_SERVERS"))
                                   .filter(Objects::nonNull).map(String::valueOf).findFirst().orElse(null);
        if (servers == null) {
            problems.add("no ConfigMap gives the services AXON_SERVER_SERVERS");
            return;
        }
        String serviceName = String.valueOf(map(axon.get("spec")).get("serviceName"));
        Map<String, Object> headless = find(objects, "Service", serviceName);
        for (String server : servers.split(",")) {
            String host = server.trim().split(":")[0];
            String port = server.contains(":") ? server.trim().split(":")[1] : "8124";
            boolean reached = headless != null && List.of(host.split("\\.")).contains(serviceName)
                    && list(map(headless.get("spec")).get("ports")).stream()
                                                                 .anyMatch(p -> port.equals(String.valueOf(map(p).get("port"))));
            if (!reached) {
                problems.add("AXON_SERVER_SERVERS names " + server.trim() + ", which is no port of the Service "
                        + serviceName + " of StatefulSet axonserver");
            }
        }
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                                              .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> workload) {
        Object pod = map(map(map(workload.get("spec")).get("template")).get("spec")).get("containers");
        return list(pod).stream().map(KubernetesChecks::map).toList();
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(name(o))).findFirst()
                      .orElse(null);
    }

    private static String name(Map<String, Object> object) {
        return String.valueOf(map(object.get("metadata")).get("name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }
}
