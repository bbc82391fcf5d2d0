package io.emporium.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Validates a compose file against the Compose Specification's JSON schema. The schema is not part of this project:
 * it is taken at test time from the npm package {@value #PACKAGE} (a Compose linter that ships the specification's
 * current schema as {@value #SCHEMA_IN_PACKAGE}), fetched with the ordinary npm client into
 * {@code distributed-tests/target/compose-schema/} (npm's cache serves later runs offline). Without npm, or without
 * the package, the check fails and says why: a compose file that was not validated is never reported as valid.
 */
final class ComposeSchema {

    /** Pinned: a newer package may bring a newer schema, which is a deliberate change. */
    static final String PACKAGE = "dclint@3.1.0";
    static final String SCHEMA_IN_PACKAGE = "package/schemas/compose.schema.json";

    private static JsonSchema schema;

    private ComposeSchema() {
    }

    /** Every violation of the Compose Specification in {@code composeFile}, one sentence each; empty when valid. */
    static List<String> violations(Path composeFile) {
        Object yaml;
        try {
            yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(composeFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode document = new ObjectMapper().valueToTree(yaml);
        return schema().validate(document).stream()
                       .sorted(Comparator.comparing(ValidationMessage::getMessage))
                       .map(ValidationMessage::getMessage)
                       .toList();
    }

    static synchronized JsonSchema schema() {
        if (schema == null) {
            Path file = schemaFile();
            try {
                JsonNode node = new ObjectMapper().readTree(file.toFile());
                // The schema's own $id is relative ("compose_spec.json"): it resolves against the file's location.
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                                          .getSchema(SchemaLocation.of(file.toUri().toString()), node);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Compose schema " + file, e);
            }
        }
        return schema;
    }

    /** The schema file, unpacked from the npm package on first use. */
    static Path schemaFile() {
        Path folder = ProjectFiles.root().resolve("distributed-tests/target/compose-schema");
        Path unpacked = folder.resolve(PACKAGE.replace('@', '-'));
        Path file = unpacked.resolve(SCHEMA_IN_PACKAGE);
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(unpacked);
            run(folder, "npm", "pack", PACKAGE, "--prefer-offline", "--silent", "--pack-destination", folder.toString());
            // npm names the tarball of an unscoped package <name>-<version>.tgz.
            run(unpacked, "tar", "-xzf", folder.resolve(PACKAGE.replace('@', '-') + ".tgz").toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot fetch the Compose schema: npm pack " + PACKAGE
                    + " needs npm and the npm registry (or npm's cache)", e);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("npm package " + PACKAGE + " has no " + SCHEMA_IN_PACKAGE);
        }
        return file;
    }

    private static String run(Path directory, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
