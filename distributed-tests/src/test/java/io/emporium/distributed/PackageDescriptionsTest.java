package io.emporium.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every package of the platform's main code says what it holds, in a package-info with a Javadoc comment. */
class PackageDescriptionsTest {

    @Test
    void everyPackageOfMainCodeHasAPackageInfoThatDescribesIt() {
        Path root = ProjectFiles.root();
        List<Path> sourceRoots = sourceRoots(root);
        assertThat(sourceRoots).as("the modules' main source folders").hasSizeGreaterThan(10);

        assertThat(sourceRoots.stream().flatMap(folder -> undescribedPackages(folder).stream()).toList())
                .as("packages without a package-info.java that has a Javadoc comment")
                .isEmpty();
    }

    @Test
    void aPackageWithoutADescriptionOrWithAnEmptyOneIsFound() {
        Path fixture = ProjectFiles.testResource("package-descriptions-broken/src/main/java");

        assertThat(undescribedPackages(fixture)).map(path -> fixture.relativize(path).toString().replace('\\', '/'))
                                                 .containsExactlyInAnyOrder("io/example/undescribed",
                                                                            "io/example/empty");
    }

    /** The main source folders of every module, services included. */
    private static List<Path> sourceRoots(Path root) {
        try (Stream<Path> paths = Files.walk(root, 5)) {
            return paths.filter(path -> path.endsWith(Path.of("src", "main", "java")))
                        .filter(path -> !root.relativize(path).startsWith("distributed-tests"))
                        .sorted()
                        .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folders under {@code sourceRoot} that hold Java classes but no package-info with a Javadoc comment. */
    static List<Path> undescribedPackages(Path sourceRoot) {
        try (Stream<Path> folders = Files.walk(sourceRoot)) {
            return folders.filter(Files::isDirectory)
                          .filter(PackageDescriptionsTest::holdsClasses)
                          .filter(folder -> !described(folder.resolve("package-info.java")))
                          .sorted()
                          .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean holdsClasses(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString())
                        .anyMatch(name -> name.endsWith(".java") && !name.equals("package-info.java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean described(Path packageInfo) {
        if (!Files.isRegularFile(packageInfo)) {
            return false;
        }
        try {
            String text = Files.readString(packageInfo);
            int start = text.indexOf("/**");
            int end = text.indexOf("*/", start + 3);
            return start >= 0 && end > start
                    && !text.substring(start + 3, end).replace("*", "").isBlank();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
