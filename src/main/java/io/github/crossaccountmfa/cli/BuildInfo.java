package io.github.crossaccountmfa.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build is: the project version and the git commit it was built from, as Maven wrote them into
 * {@code build-info.properties} (filtered from {@code src/main/resources-filtered}). A build made outside a git clone
 * (a source tarball, the copy of the sources that {@code sam build} compiles, a linked worktree) says
 * {@value #UNKNOWN} rather than guessing.
 *
 * @param version  the Maven project version, e.g. {@code 1.1.0}
 * @param commit   the full commit id
 * @param describe {@code git describe --always --dirty} of the build: the nearest tag, the commits since it, and
 *                 {@code -dirty} for uncommitted changes
 */
record BuildInfo(String version, String commit, String describe) {
    static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "build-info.properties";

    /** This build's information; every field is {@value #UNKNOWN} when the resource is missing. */
    static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return of(properties);
    }

    /** A value that is absent, blank or still a {@code ${...}} placeholder (an unfiltered copy) is unknown. */
    static BuildInfo of(Properties properties) {
        return new BuildInfo(value(properties, "version"), value(properties, "commit"), value(properties, "describe"));
    }

    private static String value(Properties properties, String key) {
        String value = properties.getProperty(key, "").strip();
        return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
    }

    /** The {@code --version} text: the version, the commit (with {@code git describe} when it says more), the JVM. */
    String[] lines() {
        String commitLine = "commit " + commit;
        if (!describe.equals(UNKNOWN) && !commit.startsWith(describe)) {
            commitLine += " (" + describe + ")";
        }
        return new String[] {
                "cross-account-mfa-rule " + version,
                commitLine,
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", UNKNOWN) + ")"
        };
    }
}
