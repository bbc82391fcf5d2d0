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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
        return NpmPackages.unpack(PACKAGE, NpmPackages.target("compose-schema"), SCHEMA_IN_PACKAGE)
                          .resolve(SCHEMA_IN_PACKAGE);
    }
}
