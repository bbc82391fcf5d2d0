package io.emporium.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Structural checks of a compose file that no container engine runs here: every service the platform needs, each
 * with a health check, dependencies that wait for a condition, pinned images, no secret written into the file,
 * every variable documented in {@code .env.example}, and every Dockerfile and service jar it builds from present in
 * the project. For the six services of the platform also: every environment variable one the service reads
 * ({@link ServiceSettings}), and a health check that passes only while the service's readiness is UP as a whole
 * ({@link HealthCheckRun} runs it against answers of a readiness endpoint). Each problem is one sentence; an empty
 * list means the file passes.
 */
final class ComposeChecks {

    static final List<String> PLATFORM_SERVICES = List.of("order-service", "inventory-service", "payment-service",
            "projections-service", "saga-service", "edge-service");
    static final List<String> REQUIRED_SERVICES = List.of("axonserver", "postgres", "keycloak", "prometheus",
            "grafana", "jaeger", "order-service", "inventory-service", "payment-service", "projections-service",
            "saga-service", "edge-service");
    /** Infrastructure that waits for nothing. */
    static final Set<String> INDEPENDENT = Set.of("axonserver", "postgres", "payment-provider-stub", "keycloak",
            "prometheus", "jaeger");
    static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
            "service_completed_successfully");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|PASSWD|API_KEY).*");
    private static final Pattern ONLY_A_VARIABLE = Pattern.compile("^\\$\\{[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?}$");

    private ComposeChecks() {
    }

    /** Checks {@code composeFile}; relative paths in it (build contexts, Dockerfiles, bind mounts) from its folder. */
    static List<String> problems(Path composeFile, Path envExample) {
        String text = read(composeFile);
        Path base = composeFile.toAbsolutePath().getParent();
        List<String> problems = new ArrayList<>();
        Map<String, Object> compose = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
        Map<String, Object> services = map(compose.get("services"));
        if (services.isEmpty()) {
            problems.add("no services");
            return problems;
        }
        for (String required : REQUIRED_SERVICES) {
            if (!services.containsKey(required)) {
                problems.add("service " + required + " is missing");
            }
        }
        services.forEach((name, definition) -> checkService(name, map(definition), services, base, problems));
        checkVariables(text, envExample, problems);
        if (services.containsKey("keycloak") && services.containsKey("edge-service")) {
            IdentityProviderChecks.problems(map(services.get("keycloak")), map(services.get("edge-service")), base)
                                  .forEach(problems::add);
        }
        return problems;
    }

    private static void checkService(String name, Map<String, Object> service, Map<String, Object> services,
                                     Path base, List<String> problems) {
        Map<String, Object> healthcheck = map(service.get("healthcheck"));
        if (healthcheck.get("test") == null || Boolean.TRUE.equals(healthcheck.get("disable"))) {
            problems.add(name + " has no health check");
        }
        Object image = service.get("image");
        if (image == null && service.get("build") == null) {
            problems.add(name + " has neither an image nor a build");
        }
        if (image != null && !pinned(image.toString())) {
            problems.add(name + " uses an image that is not pinned to a version: " + image);
        }
        checkDependencies(name, service.get("depends_on"), services, problems);
        checkEnvironment(name, service.get("environment"), problems);
        if (PLATFORM_SERVICES.contains(name)) {
            checkPlatformService(name, service, problems);
        }
        checkBuild(name, service.get("build"), base, problems);
        for (Object volume : list(service.get("volumes"))) {
            String source = volume.toString().split(":")[0];
            if ((source.startsWith("./") || source.startsWith("../")) && !Files.exists(base.resolve(source))) {
                problems.add(name + " mounts " + source + ", which does not exist");
            }
        }
        if (service.containsKey("privileged") && Boolean.TRUE.equals(service.get("privileged"))) {
            problems.add(name + " runs privileged");
        }
    }

    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return false; // no tag at all: "latest" by default
        }
        String tag = image.substring(colon + 1);
        return !tag.isBlank() && !tag.contains("latest") && !tag.contains("${");
    }

    private static void checkDependencies(String name, Object dependsOn, Map<String, Object> services,
                                          List<String> problems) {
        if (dependsOn == null) {
            // Infrastructure waits for nothing: Axon Server, PostgreSQL, the stub playing the payment provider, the
            // identity provider, Prometheus and Jaeger.
            if (!INDEPENDENT.contains(name)) {
                problems.add(name + " depends on nothing: it must wait for Axon Server and PostgreSQL");
            }
            return;
        }
        if (!(dependsOn instanceof Map<?, ?> dependencies)) {
            problems.add(name + " lists depends_on without conditions");
            return;
        }
        dependencies.forEach((dependency, settings) -> {
            String condition = String.valueOf(map(settings).get("condition"));
            if (!CONDITIONS.contains(condition)) {
                problems.add(name + " depends on " + dependency + " without a valid condition");
            }
            Object target = services.get(String.valueOf(dependency));
            if (target == null) {
                problems.add(name + " depends on " + dependency + ", which is not a service");
            } else if ("service_healthy".equals(condition) && map(map(target).get("healthcheck")).get("test") == null) {
                problems.add(name + " waits for " + dependency + " to be healthy, but it has no health check");
            }
        });
    }

    private static void checkEnvironment(String name, Object environment, List<String> problems) {
        if (environment instanceof List<?> entries) {
            problems.add(name + " lists its environment as a list; use a map so that each value can be checked");
            for (Object entry : entries) {
                if (SECRET_NAME.matcher(entry.toString().split("=")[0]).matches()) {
                    problems.add(name + " sets " + entry.toString().split("=")[0] + " in the file");
                }
            }
            return;
        }
        map(environment).forEach((key, value) -> {
            String text = value == null ? "" : value.toString().trim();
            if (SECRET_NAME.matcher(key).matches() && !ONLY_A_VARIABLE.matcher(text).matches()) {
                problems.add(name + " writes a literal value for " + key + "; take it from the environment (.env)");
            }
            if (ONLY_A_VARIABLE.matcher(text).matches() && SECRET_NAME.matcher(key).matches()
                    && text.matches(".*:-[^}]+}$")) {
                problems.add(name + " gives " + key + " a default value in the file");
            }
            if (key.equals("POSTGRES_HOST_AUTH_METHOD") && text.equals("trust")) {
                problems.add(name + " lets anyone into PostgreSQL without a password");
            }
        });
    }

    /** Variables the service reads, and a health check that is its readiness as a whole. */
    private static void checkPlatformService(String name, Map<String, Object> service, List<String> problems) {
        ServiceSettings settings = ServiceSettings.of(name);
        map(service.get("environment")).keySet().stream().map(settings::unknownVariable).filter(Objects::nonNull)
                                       .forEach(problems::add);
        Object test = map(service.get("healthcheck")).get("test");
        if (test != null) {
            HealthCheckRun.problems(name, command(test), settings.probePaths().get("readiness"))
                          .forEach(problems::add);
        }
    }

    /** A health check's test as the container would run it: compose's {@code $$} is a single {@code $}. */
    static List<String> command(Object test) {
        List<String> words = test instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : List.of("CMD-SHELL", String.valueOf(test));
        List<String> command = new ArrayList<>();
        if (words.get(0).equals("CMD-SHELL")) {
            command.addAll(List.of("sh", "-c", String.join(" ", words.subList(1, words.size()))));
        } else if (words.get(0).equals("CMD")) {
            command.addAll(words.subList(1, words.size()));
        } else {
            command.addAll(words);
        }
        return command.stream().map(word -> word.replace("$$", "$")).toList();
    }

    private static void checkBuild(String name, Object build, Path base, List<String> problems) {
        if (build == null) {
            return;
        }
        Map<String, Object> settings = build instanceof String context ? Map.of("context", context) : map(build);
        Path context = base.resolve(String.valueOf(settings.getOrDefault("context", "."))).normalize();
        Path dockerfile = context.resolve(String.valueOf(settings.getOrDefault("dockerfile", "Dockerfile")));
        if (!Files.isRegularFile(dockerfile)) {
            problems.add(name + " builds from " + base.relativize(dockerfile) + ", which does not exist");
            return;
        }
        String docker = read(dockerfile);
        String shown = base.relativize(dockerfile).toString();
        if (!docker.contains("services/${SERVICE}/target/${SERVICE}-exec.jar")) {
            problems.add(name + ": " + shown + " does not copy the service's executable jar");
        }
        if (!Pattern.compile("(?m)^USER\\s+(?!0\\b|0:|root\\b)\\S+").matcher(docker).find()) {
            problems.add(name + ": " + shown + " does not switch to a non-root user");
        }
        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(docker);
        while (from.find()) {
            if (!pinned(from.group(1))) {
                problems.add(name + ": " + shown + " builds on an unpinned image " + from.group(1));
            }
        }
        String service = String.valueOf(map(settings.get("args")).get("SERVICE"));
        if (!name.equals(service)) {
            problems.add(name + " builds its image with SERVICE=" + service + " instead of its own name");
        }
        Path pom = context.resolve("services").resolve(service).resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            problems.add(name + " builds from services/" + service + ", which is not a module");
            return;
        }
        String module = read(pom);
        if (!module.contains("<finalName>" + service + "</finalName>")
                || !module.contains("<classifier>exec</classifier>")) {
            problems.add(name + ": services/" + service + " does not build " + service + "-exec.jar, which "
                    + shown + " copies");
        }
    }

    private static void checkVariables(String text, Path envExample, List<String> problems) {
        Set<String> used = new LinkedHashSet<>();
        Matcher variable = VARIABLE.matcher(text.replace("$${", "")); // $${X} is the container's own variable
        while (variable.find()) {
            used.add(variable.group(1));
        }
        if (!Files.isRegularFile(envExample)) {
            problems.add(".env.example is missing");
            return;
        }
        Set<String> documented = new LinkedHashSet<>();
        for (String line : read(envExample).split("\n")) {
            Matcher entry = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$").matcher(line);
            if (entry.matches()) {
                documented.add(entry.group(1));
                if (SECRET_NAME.matcher(entry.group(1)).matches() && !entry.group(2).isBlank()) {
                    problems.add(".env.example gives " + entry.group(1) + " a value; leave secrets empty");
                }
            }
        }
        for (String name : used) {
            if (!documented.contains(name)) {
                problems.add("variable " + name + " is used but has no entry in .env.example");
            }
        }
    }

    /** The health check of {@code service} in {@code composeFile}, as the container would run it. */
    static List<String> healthCheck(Path composeFile, String service) {
        Map<String, Object> compose = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(read(composeFile)));
        Object test = map(map(map(compose.get("services")).get(service)).get("healthcheck")).get("test");
        if (test == null) {
            throw new IllegalArgumentException(service + " has no health check in " + composeFile);
        }
        return command(test);
    }

    /** The value compose gives {@code value} when its variable is not set: {@code ${X:-d}} is {@code d}. */
    static String withDefaults(Object value) {
        return value == null ? "" : value.toString().replaceAll("\\$\\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)}", "$1");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
