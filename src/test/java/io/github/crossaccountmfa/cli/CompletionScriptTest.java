package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script {@code completion} prints, sourced by a real bash and asked what to complete, as bash asks it when Tab
 * is pressed (COMP_WORDS / COMP_CWORD; {@code compopt} works only inside real completion, so it is a no-op here).
 */
@Tag("shell")
class CompletionScriptTest {
    @TempDir
    Path dir;

    private List<String> complete(String... words) throws Exception {
        Path script = dir.resolve("completion.bash");
        Files.writeString(script, CliRun.of("completion").out());
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append("'");
        }
        String line = String.join(" ", words);
        String program = "compopt() { :; }\nsource '" + script + "'\n"
                + "COMP_WORDS=(cross-account-mfa-rule" + array + ")\nCOMP_CWORD=" + words.length + "\n"
                + "COMP_LINE='cross-account-mfa-rule " + line + "'\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_cross-account-mfa-rule\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        bash.getOutputStream().close();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(output).isZero();
        return output.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void completesCommandNames() throws Exception {
        assertThat(complete("sc")).containsExactly("scan");
        assertThat(complete("check-")).containsExactlyInAnyOrder("check-policy", "check-template");
    }

    @Test
    void completesOptionsOfTheCommandTyped() throws Exception {
        assertThat(complete("remediate", "--ro")).containsExactlyInAnyOrder("--role-name", "--role-id");
        assertThat(complete("scan", "--reg")).containsExactly("--region");
    }

    @Test
    void completesEnumValues() throws Exception {
        assertThat(complete("check-template", "--format", "")).containsExactlyInAnyOrder("text", "json", "sarif");
        assertThat(complete("scan", "--color", "")).containsExactlyInAnyOrder("auto", "always", "never");
    }
}
