package io.emporium.client;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the project, found from the module's folder or the project's root, whichever Maven runs in. */
final class ProjectFiles {

    private ProjectFiles() {
    }

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("docs/api")) ? here : here.getParent();
    }

    /** The committed API description, which ApiSpecIntegrationTest holds to the running API. */
    static Path description() {
        return root().resolve("docs/api/openapi.json");
    }
}
