package io.emporium.distributed;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Validates Kubernetes objects against the JSON schemas of the Kubernetes API, as compiled into validators by the
 * npm package {@value #PACKAGE} (one model per kind and API version). The package and its dependencies are installed
 * at test time with {@code npm install} into {@code distributed-tests/target/kubernetes-schema/} and run by Node with
 * the script {@code src/test/resources/kubernetes/validate.mjs}. The schemas check types, required fields and
 * enumerations; like the API server without strict field validation, they do not refuse a field they do not know,
 * which {@link KubernetesChecks} covers where it matters (probes, resources, volumes).
 */
final class KubernetesSchema {

    /** Pinned: a newer package brings the schemas of a newer Kubernetes, which is a deliberate change. */
    static final String PACKAGE = "kubernetes-models@5.1.0";

    private KubernetesSchema() {
    }

    /** Every violation, {@code <kind>/<name>: <JSON path> <message>}; empty when every object is valid. */
    static List<String> violations(List<Map<String, Object>> objects) {
        Path folder = NpmPackages.install(PACKAGE, NpmPackages.target("kubernetes-schema"));
        try {
            Path script = folder.resolve("validate.mjs");
            Files.copy(ProjectFiles.testResource("kubernetes/validate.mjs"), script,
                       StandardCopyOption.REPLACE_EXISTING);
            String output = NpmPackages.run(folder, List.of("node", script.toString()),
                                            new ObjectMapper().writeValueAsBytes(objects));
            return output.lines().filter(line -> !line.isBlank()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot validate Kubernetes objects with " + PACKAGE
                    + " (needs node and npm)", e);
        }
    }
}
