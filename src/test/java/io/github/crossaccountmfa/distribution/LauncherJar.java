package io.github.crossaccountmfa.distribution;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * A runnable jar of this build for the scripts under test, made without {@code mvn package} (tests run before it):
 * an empty jar whose manifest names the CLI's main class and, as its Class-Path, the test's own class path
 * (target/classes and the dependencies). {@code java -jar} on it runs the same code as the shaded jar.
 */
final class LauncherJar {
    private LauncherJar() {
    }

    static Path create(Path directory) {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, "io.github.crossaccountmfa.cli.Main");
        attributes.put(Attributes.Name.CLASS_PATH, classPath());
        Path jar = directory.resolve("cross-account-mfa-rule.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** Absolute file URLs; a directory's ends in '/', as the Class-Path attribute requires. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" "));
    }
}
