package io.emporium.distributed;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are, from any working directory inside it. */
final class ProjectFiles {

    private ProjectFiles() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no project root (a folder with mvnw) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path testResource(String name) {
        return root().resolve("distributed-tests/src/test/resources").resolve(name);
    }
}
