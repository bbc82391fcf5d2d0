package io.emporium.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * Checks of the observability files compose.yaml mounts: Prometheus scrapes each platform service's real Prometheus
 * endpoint (path and port from its settings), and every panel of a Grafana dashboard queries the provisioned data
 * source for metrics the scraped services export. A metric is exported when its meter name (the Prometheus name less
 * its unit and type suffixes, dots for underscores) is a string constant of the classes in those services'
 * executable jars, whole or as a component name followed by a suffix the way Axon's and the platform's message
 * meters build their names ({@code commandBus} and {@code .successTimer}). Each problem is one sentence.
 */
final class DashboardChecks {

    private static final List<String> SUFFIXES = List.of("_seconds_sum", "_seconds_count", "_seconds_max",
            "_seconds_bucket", "_seconds", "_total", "_bytes", "_threads", "");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset");
    private static final Map<String, Set<String>> CONSTANTS = new ConcurrentHashMap<>();
    private static final Pattern FUNCTION_OR_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");

    private DashboardChecks() {
    }

    static List<String> problems(Path prometheusConfig, Path dataSources, Path dashboards) {
        List<String> problems = new ArrayList<>();
        Set<String> scraped = new TreeSet<>();
        for (Object job : ComposeChecks.list(yaml(prometheusConfig).get("scrape_configs"))) {
            Map<String, Object> settings = ComposeChecks.map(job);
            for (Object config : ComposeChecks.list(settings.get("static_configs"))) {
                for (Object target : ComposeChecks.list(ComposeChecks.map(config).get("targets"))) {
                    String[] hostAndPort = target.toString().split(":");
                    String service = hostAndPort[0];
                    if (!ComposeChecks.PLATFORM_SERVICES.contains(service)) {
                        problems.add("Prometheus scrapes " + target + ", which is no service of the platform");
                        continue;
                    }
                    scraped.add(service);
                    ServiceSettings serviceSettings = ServiceSettings.of(service);
                    String path = serviceSettings.actuatorBasePath() + "/prometheus";
                    int port = serviceSettings.httpPort(Map.of("EMPORIUM_HTTP_PORT",
                                                        String.valueOf(HealthCheckRun.CONTAINER_PORT)));
                    if (!path.equals(settings.get("metrics_path"))) {
                        problems.add("Prometheus asks " + service + " for " + settings.get("metrics_path")
                                + ", but its metrics are at " + path);
                    }
                    if (hostAndPort.length < 2 || !hostAndPort[1].equals(String.valueOf(port))) {
                        problems.add("Prometheus scrapes " + target + ", but " + service + " listens on " + port);
                    }
                }
            }
        }
        Set<String> sources = new TreeSet<>();
        for (Object source : ComposeChecks.list(yaml(dataSources).get("datasources"))) {
            sources.add(String.valueOf(ComposeChecks.map(source).get("uid")));
        }
        Set<String> constants = constants(scraped);
        try (var files = Files.list(dashboards)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                checkDashboard(file, sources, constants, problems);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    private static void checkDashboard(Path file, Set<String> sources, Set<String> constants, List<String> problems)
            throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            String title = file.getFileName() + " panel '" + panel.path("title").asText() + "'";
            if (!sources.contains(panel.path("datasource").path("uid").asText())) {
                problems.add(title + " uses data source " + panel.path("datasource").path("uid").asText()
                        + ", which is not provisioned");
            }
            if (panel.path("targets").isEmpty()) {
                problems.add(title + " queries nothing");
            }
            for (JsonNode target : panel.path("targets")) {
                for (String metric : metrics(target.path("expr").asText())) {
                    if (!exported(metric, constants)) {
                        problems.add(title + " queries " + metric + ", which no scraped service exports");
                    }
                }
            }
        }
    }

    /** The metric names of a PromQL expression: what is left once labels, ranges, groupings and functions go. */
    static Set<String> metrics(String expression) {
        String bare = expression.replaceAll("\"[^\"]*\"", "")
                                .replaceAll("\\{[^}]*}", "")
                                .replaceAll("\\[[^]]*]", "")
                                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> metrics = new TreeSet<>();
        Matcher word = FUNCTION_OR_NAME.matcher(bare);
        while (word.find()) {
            if (word.group(1) == null && !PROMQL_WORDS.contains(word.group())) {
                metrics.add(word.group());
            }
        }
        return metrics;
    }

    private static boolean exported(String metric, Set<String> constants) {
        for (String suffix : SUFFIXES) {
            if (!metric.endsWith(suffix) || metric.length() == suffix.length()) {
                continue;
            }
            String meter = metric.substring(0, metric.length() - suffix.length()).replace('_', '.');
            if (constants.contains(meter)) {
                return true;
            }
            for (int dot = meter.indexOf('.'); dot > 0; dot = meter.indexOf('.', dot + 1)) {
                String component = meter.substring(0, dot);
                String rest = meter.substring(dot);
                if (constants.contains(component) && constants.stream().anyMatch(c -> c.endsWith(rest))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The string constants of every class in the executable jars of {@code services}. */
    private static Set<String> constants(Set<String> services) {
        Set<String> constants = new HashSet<>();
        services.forEach(service -> constants.addAll(CONSTANTS.computeIfAbsent(service, DashboardChecks::constantsOf)));
        return constants;
    }

    private static Set<String> constantsOf(String service) {
        Set<String> constants = new HashSet<>();
        Path jar = ProjectFiles.root().resolve("services").resolve(service).resolve("target")
                               .resolve(service + "-exec.jar");
        try (JarInputStream exec = new JarInputStream(Files.newInputStream(jar))) {
            for (JarEntry entry; (entry = exec.getNextJarEntry()) != null; ) {
                if (entry.getName().endsWith(".class")) {
                    readConstants(exec.readAllBytes(), constants);
                } else if (entry.getName().endsWith(".jar")) {
                    try (JarInputStream lib = new JarInputStream(new ByteArrayInputStream(exec.readAllBytes()))) {
                        for (JarEntry inner; (inner = lib.getNextJarEntry()) != null; ) {
                            if (inner.getName().endsWith(".class")) {
                                readConstants(lib.readAllBytes(), constants);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return constants;
    }

    /** The UTF-8 entries of a class file's constant pool (JVM specification, section 4.4). */
    private static void readConstants(byte[] classFile, Set<String> constants) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            return;
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> constants.add(in.readUTF());
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    index++;
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                default -> {
                    return; // a tag this reader does not know: the rest of the pool cannot be read
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return loaded instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
