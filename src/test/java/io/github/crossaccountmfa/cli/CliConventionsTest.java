package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conventions every command follows: exit statuses in its help, enum values in any case, {@code --quiet} and
 * {@code --verbose}, colour only on a terminal and never with {@code NO_COLOR} (unless {@code --color=always}), and
 * a completion script generated from the command line.
 */
class CliConventionsTest {
    private static final String NO_MFA = "src/test/resources/cli/partner-no-mfa.json";
    private static final String WITH_MFA = "src/test/resources/cli/partner-mfa.json";
    private static final String TEMPLATE = CheckTemplateRun.PARTNER_ACCESS;
    private static final Terminal TTY = new Terminal(true, true, Optional.empty());
    private static final Terminal TTY_NO_COLOR = new Terminal(true, true, Optional.of("1"));
    private static final Terminal PIPE = new Terminal(false, false, Optional.empty());
    private static final String RED_NON_COMPLIANT = VerdictColors.RED + "NON_COMPLIANT" + VerdictColors.RESET;
    private static final String GREEN_COMPLIANT = VerdictColors.GREEN + "COMPLIANT" + VerdictColors.RESET;

    @TempDir
    Path dir;

    static Stream<String> commands() {
        return Main.commandLine().getSubcommands().keySet().stream().filter(name -> !name.equals("help"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandsHelpListsItsExitStatuses(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Exit status:").containsPattern("\n  0   \\S").containsPattern("\n  2   \\S");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandTakesQuietVerboseAndColor(String command) {
        String help = CliRun.of(command, "--help").out();

        assertThat(help).contains("-q, --quiet").contains("-v, --verbose").contains("--color=WHEN");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"scan", "third-parties", "evaluate", "remediate"})
    void everyCommandThatCallsAwsTakesProfileAndRegion(String command) {
        String help = CliRun.of(command, "--help").out();

        assertThat(help).contains("--profile=NAME").contains("--region=REGION");
    }

    @Test
    void theToolsOwnHelpListsTheExitStatusesAndTheCommands() {
        CliRun run = CliRun.of("--help");

        assertThat(run.out()).contains("Exit status:").contains("  1   something NON_COMPLIANT").contains("completion");
    }

    @Test
    void enumValuesAreAcceptedInAnyCase() {
        CliRun upper = CliRun.of("check-policy", "--format", "JSON", NO_MFA);
        CliRun sarif = CliRun.of("check-template", "--account", "111111111111", "--format", "SARIF", TEMPLATE);
        CliRun mixed = CliRun.of("check-policy", "--format", "Json", "--color", "NEVER", NO_MFA);

        assertThat(upper.status()).as(upper.err()).isEqualTo(1);
        assertThat(upper.out()).startsWith("{\"file\":");
        assertThat(sarif.out()).contains("\"version\" : \"2.1.0\"");
        assertThat(mixed.out()).isEqualTo(upper.out());
    }

    @Test
    void quietAndVerboseExcludeEachOther() {
        CliRun run = CliRun.of("check-policy", "--quiet", "--verbose", NO_MFA);

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("check-policy: --quiet and --verbose exclude each other" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void quietLeavesOnlyTheResultsAndErrors() {
        Path report = dir.resolve("report.json");
        CliRun normal = CliRun.of("check-template", "--account", "111111111111", "--format", "json", "--output",
                report.toString(), "--parameter-overrides", "Unused=1", TEMPLATE);
        CliRun quiet = CliRun.of("check-template", "--quiet", "--account", "111111111111", "--format", "json",
                "--output", report.toString(), "--parameter-overrides", "Unused=1", TEMPLATE);

        assertThat(normal.err()).contains("notice: no template checked declares the parameter Unused")
                .contains("roles in 1 file:");
        assertThat(quiet.status()).isEqualTo(normal.status()).isEqualTo(1);
        assertThat(quiet.err()).doesNotContain("notice").doesNotContain("roles in 1 file:")
                .as("the roles that fail the check are results").contains("NON_COMPLIANT");
    }

    @Test
    void verboseAddsTotalsOnStderrAndLeavesStdoutAlone() {
        CliRun normal = CliRun.of("check-policy", NO_MFA, WITH_MFA);
        CliRun verbose = CliRun.of("check-policy", "--verbose", NO_MFA, WITH_MFA);

        assertThat(normal.err()).isEmpty();
        assertThat(verbose.out()).isEqualTo(normal.out());
        assertThat(verbose.err()).isEqualTo("check-policy: 2 inputs: 1 NON_COMPLIANT, 1 COMPLIANT"
                + System.lineSeparator());
    }

    @Test
    void verdictsAreColouredOnATerminal() {
        CliRun run = CliRun.on(TTY, "check-policy", NO_MFA, WITH_MFA);

        assertThat(run.out()).contains(RED_NON_COMPLIANT + "  " + NO_MFA).contains(GREEN_COMPLIANT + "  " + WITH_MFA);
    }

    @Test
    void noColourWhenStdoutIsNotATerminalOrNoColorIsSetOrNeverIsAsked() {
        String plain = CliRun.of("check-policy", NO_MFA).out();

        assertThat(CliRun.on(PIPE, "check-policy", NO_MFA).out()).isEqualTo(plain).doesNotContain("\u001b");
        assertThat(CliRun.on(TTY_NO_COLOR, "check-policy", NO_MFA).out()).isEqualTo(plain);
        assertThat(CliRun.on(TTY, "check-policy", "--color=never", NO_MFA).out()).isEqualTo(plain);
    }

    @Test
    void colorAlwaysColoursEvenThroughAPipeAndOverridesNoColor() {
        assertThat(CliRun.on(PIPE, "check-policy", "--color=always", NO_MFA).out()).contains(RED_NON_COMPLIANT);
        assertThat(CliRun.on(TTY_NO_COLOR, "check-policy", "--color=always", NO_MFA).out()).contains(RED_NON_COMPLIANT);
    }

    @Test
    void machineReadableFormatsAreNeverColoured() {
        CliRun json = CliRun.on(TTY, "check-policy", "--color=always", "--format", "json", NO_MFA);
        CliRun templates = CliRun.on(TTY, "check-template", "--account", "111111111111", "--format", "json", TEMPLATE);

        assertThat(json.out()).doesNotContain("\u001b");
        assertThat(templates.out()).doesNotContain("\u001b");
    }

    @Test
    void templateTextIsColouredLikeThePolicies() {
        CliRun run = CliRun.on(TTY, "check-template", "--account", "111111111111", TEMPLATE);

        assertThat(run.out()).contains(RED_NON_COMPLIANT);
    }

    @Test
    void completionPrintsTheBashScriptThatZshLoadsThroughBashcompinit() {
        CliRun run = CliRun.of("completion");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_cross-account-mfa-rule")
                .contains("bashcompinit")
                .contains("check-template").contains("remediate").contains("--role-name")
                .contains("sarif");
    }
}
