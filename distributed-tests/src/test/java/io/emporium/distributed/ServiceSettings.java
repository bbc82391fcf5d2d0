package io.emporium.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a service of distributed mode reads from its environment, taken from its executable jar
 * ({@code services/<name>/target/<name>-exec.jar}) as it would run: the {@code ${VARIABLE}} placeholders of every
 * settings file on its classpath (its own {@code <name>.yml}, the platform's {@code emporium-distributed.yml} and any
 * other YAML or properties file of the project's jars in it), and every property that Spring Boot's configuration
 * metadata of its jars describes (Spring Boot's own, Axon's, and the project's {@code @ConfigurationProperties}
 * where the configuration processor runs), as the environment variable Spring's relaxed binding maps onto it. Also
 * where it serves HTTP and its health groups, from its settings files.
 *
 * @param name        the service
 * @param placeholders variable name to its default in the settings files ({@code ""} when it has none)
 * @param properties  environment variable names that bind to a described property
 * @param prefixes    environment variable prefixes that bind to a described map or list property
 * @param settings    the service's own settings file, the files it imports merged under it (values of the imported
 *                    file win, as in Spring)
 */
record ServiceSettings(String name, Map<String, String> placeholders, Set<String> properties, Set<String> prefixes,
                       Map<String, Object> settings) {

    /** Read by the JVM or by Axon outside Spring's environment, so no settings file or metadata names them. */
    static final Map<String, String> OUTSIDE_SPRING = Map.of(
            "JAVA_TOOL_OPTIONS", "read by the JVM itself",
            "AXONIQ_UPDATE_CHECKER_DISABLED", "read by Axon Framework's update checker");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    private static final Map<String, ServiceSettings> CACHE = new ConcurrentHashMap<>();

    /** The settings of {@code service}, read once per test run from its executable jar. */
    static ServiceSettings of(String service) {
        return CACHE.computeIfAbsent(service, name -> read(name, ProjectFiles.root()
                .resolve("services").resolve(name).resolve("target").resolve(name + "-exec.jar")));
    }

    /** Whether {@code variable} in the service's environment is read by it, or why not (null when it is). */
    String unknownVariable(String variable) {
        if (placeholders.containsKey(variable) || properties.contains(variable)
                || OUTSIDE_SPRING.containsKey(variable)
                || prefixes.stream().anyMatch(prefix -> variable.startsWith(prefix + "_"))) {
            return null;
        }
        return name + " reads no variable " + variable + " (no placeholder in its settings files, no property of"
                + " its configuration metadata)";
    }

    /** The HTTP port the service listens on with this environment (its {@code server.port}). */
    int httpPort(Map<String, String> environment) {
        return Integer.parseInt(resolve(String.valueOf(setting("server.port")), environment));
    }

    /** Actuator's base path ({@code management.endpoints.web.base-path}, {@code /actuator} unless set). */
    String actuatorBasePath() {
        Object base = setting("management.endpoints.web.base-path");
        return base == null ? "/actuator" : base.toString();
    }

    /** The liveness and readiness paths, or an empty map when the service has the probes' groups off. */
    Map<String, String> probePaths() {
        if (!Boolean.TRUE.equals(setting("management.endpoint.health.probes.enabled"))) {
            return Map.of();
        }
        return Map.of("liveness", actuatorBasePath() + "/health/liveness",
                      "readiness", actuatorBasePath() + "/health/readiness");
    }

    Object setting(String dottedName) {
        return at(settings, dottedName);
    }

    private static Object at(Object root, String dottedName) {
        Object value = root;
        for (String key : dottedName.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(key);
        }
        return value;
    }

    /** A settings value with its {@code ${VARIABLE:default}} placeholders resolved against {@code environment}. */
    static String resolve(String value, Map<String, String> environment) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String given = environment.get(placeholder.group(1));
            String fallback = placeholder.group(2) == null ? "" : placeholder.group(2);
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(given != null ? given : fallback));
        }
        return placeholder.appendTail(resolved).toString();
    }

    /** The environment variable forms Spring's relaxed binding accepts for a property name. */
    static Set<String> variableForms(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return new TreeSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }

    private static ServiceSettings read(String name, Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package -pl"
                    + " distributed-tests -am, as verify does)");
        }
        Map<String, String> placeholders = new LinkedHashMap<>();
        Set<String> properties = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        Map<String, String> yamlFiles = new HashMap<>();
        try (JarInputStream exec = new JarInputStream(Files.newInputStream(jar))) {
            for (JarEntry entry; (entry = exec.getNextJarEntry()) != null; ) {
                String path = entry.getName();
                if (path.startsWith("BOOT-INF/classes/") && isSettingsFile(path)) {
                    String text = new String(exec.readAllBytes(), StandardCharsets.UTF_8);
                    collectPlaceholders(text, placeholders);
                    yamlFiles.put(path.substring("BOOT-INF/classes/".length()), text);
                } else if (path.startsWith("BOOT-INF/lib/") && path.endsWith(".jar")) {
                    readLibrary(exec.readAllBytes(), placeholders, properties, prefixes, yamlFiles);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        String own = yamlFiles.get(name + ".yml");
        if (own == null) {
            throw new IllegalStateException(jar + " has no " + name + ".yml");
        }
        Map<String, Object> settings = yaml(own);
        Object imports = at(settings, "spring.config.import");
        for (Object imported : imports instanceof List<?> list ? list : imports == null ? List.of() : List.of(imports)) {
            String file = imported.toString().replaceFirst("^(optional:)?classpath:", "");
            if (yamlFiles.containsKey(file)) {
                merge(settings, yaml(yamlFiles.get(file)));
            }
        }
        return new ServiceSettings(name, placeholders, properties, prefixes, settings);
    }

    private static void readLibrary(byte[] library, Map<String, String> placeholders, Set<String> properties,
                                    Set<String> prefixes, Map<String, String> yamlFiles) throws IOException {
        try (JarInputStream lib = new JarInputStream(new ByteArrayInputStream(library))) {
            for (JarEntry entry; (entry = lib.getNextJarEntry()) != null; ) {
                String path = entry.getName();
                if (path.equals("META-INF/spring-configuration-metadata.json")
                        || path.equals("META-INF/additional-spring-configuration-metadata.json")) {
                    readMetadata(lib, properties, prefixes);
                } else if (!path.contains("/") && isSettingsFile(path)) {
                    String text = new String(lib.readAllBytes(), StandardCharsets.UTF_8);
                    collectPlaceholders(text, placeholders);
                    yamlFiles.put(path, text);
                }
            }
        }
    }

    private static void readMetadata(InputStream json, Set<String> properties, Set<String> prefixes)
            throws IOException {
        JsonNode metadata = new ObjectMapper().readTree(json.readAllBytes());
        for (JsonNode property : metadata.path("properties")) {
            String type = property.path("type").asText("");
            Set<String> forms = variableForms(property.path("name").asText());
            properties.addAll(forms);
            if (type.startsWith("java.util.Map") || type.startsWith("java.util.List") || type.endsWith("[]")) {
                prefixes.addAll(forms);
            }
        }
    }

    private static boolean isSettingsFile(String path) {
        return path.endsWith(".yml") || path.endsWith(".yaml") || path.endsWith(".properties");
    }

    private static void collectPlaceholders(String text, Map<String, String> placeholders) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            placeholders.putIfAbsent(placeholder.group(1), placeholder.group(2) == null ? "" : placeholder.group(2));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return loaded instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> winning) {
        winning.forEach((key, value) -> {
            Object existing = into.get(key);
            if (existing instanceof Map<?, ?> current && value instanceof Map<?, ?> incoming) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) current);
                merge(copy, (Map<String, Object>) incoming);
                into.put(key, copy);
            } else {
                into.put(key, value);
            }
        });
    }
}
