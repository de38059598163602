package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** {@code --version}: the version and the commit, from what Maven filtered into build-info.properties. */
class BuildInfoTest {

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void filteredValuesAreTheBuildsVersionAndCommit() {
        BuildInfo info = BuildInfo.of(properties("version", "1.1.0",
                "commit", "98d6485a8a27f4381334e70a84679aa30052c7b7", "describe", "v1.1.0-2-g98d6485a8a27-dirty"));

        assertThat(info.lines()).startsWith("cross-account-mfa-rule 1.1.0",
                "commit 98d6485a8a27f4381334e70a84679aa30052c7b7 (v1.1.0-2-g98d6485a8a27-dirty)");
        assertThat(info.lines()[2]).startsWith("Java " + Runtime.version());
    }

    @Test
    void describeThatIsOnlyTheAbbreviatedCommitIsNotRepeated() {
        BuildInfo info = BuildInfo.of(properties("version", "1.1.0",
                "commit", "98d6485a8a27f4381334e70a84679aa30052c7b7", "describe", "98d6485a8a27"));

        assertThat(info.lines()[1]).isEqualTo("commit 98d6485a8a27f4381334e70a84679aa30052c7b7");
    }

    @Test
    void buildOutsideGitSaysUnknown() {
        BuildInfo info = BuildInfo.of(properties("version", "1.1.0", "commit", "unknown", "describe", "unknown"));

        assertThat(info.lines()).startsWith("cross-account-mfa-rule 1.1.0", "commit unknown");
    }

    @Test
    void unfilteredPlaceholdersAndMissingValuesAreUnknown() {
        BuildInfo info = BuildInfo.of(properties("version", "${project.version}", "commit", " "));

        assertThat(info).isEqualTo(new BuildInfo("unknown", "unknown", "unknown"));
    }

    /** The resource this build made: the pom's version, and the commit of a clone (unknown elsewhere, see pom.xml). */
    @Test
    void versionOptionPrintsThePomVersionAndTheCommitOfTheCheckout() throws Exception {
        StringWriter out = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int status = cli.execute("--version");

        assertThat(status).isZero();
        // the commit line adds `git describe` (e.g. "-dirty" in a working tree with changes) after the commit id
        assertThat(out.toString().lines().toList()).satisfies(lines -> {
            assertThat(lines.get(0)).isEqualTo("cross-account-mfa-rule " + pomVersion());
            assertThat(lines.get(1)).matches(java.util.regex.Pattern.quote("commit " + expectedCommit()) + "( \\(.+\\))?");
        });
    }

    private static String pomVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile()).getDocumentElement();
        for (var node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals("version")) {
                return element.getTextContent().strip();
            }
        }
        throw new AssertionError("pom.xml has no project version");
    }

    /** The pom's git-commit profile runs only where .git is a directory: a clone, not a worktree or a tarball. */
    private static String expectedCommit() throws IOException, InterruptedException {
        if (!Files.isRegularFile(Path.of(".git", "HEAD"))) {
            return BuildInfo.UNKNOWN;
        }
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor(60, TimeUnit.SECONDS)).as("git rev-parse finished").isTrue();
        assertThat(git.exitValue()).as("git rev-parse HEAD: %s", head).isZero();
        return head;
    }
}
