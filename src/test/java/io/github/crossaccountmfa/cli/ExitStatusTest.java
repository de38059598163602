package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Whatever goes wrong inside a command, the exit status is 2 with one line on stderr: never 0 or 1 (which mean
 * "compliant" and "non-compliant" to the pipelines that run the tool) and never a stack trace.
 */
class ExitStatusTest {
    @TempDir
    Path dir;

    /** A command that fails the way a bug would. */
    @CommandLine.Command(name = "explode")
    static final class Explode implements Callable<Integer> {
        @CommandLine.Parameters(index = "0")
        String how;

        @Override
        public Integer call() {
            return switch (how) {
                case "npe" -> ((String) null).length();
                case "state" -> throw new IllegalStateException("internal detail the user must not see");
                case "recursion" -> call() + 1;
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                default -> 0;
            };
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"npe", "state", "recursion", "oom"})
    void anUnexpectedFailureInsideACommandIsOneLineAndStatusTwo(String how) {
        CommandLine cli = Main.commandLine().addSubcommand("explode", new Explode());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int status = Main.execute(cli, "explode", how);

        assertThat(status).isEqualTo(Main.ERROR);
        assertThat(out.toString()).isEmpty();
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).singleElement().asString().contains(": error: ").doesNotContain("\tat ")
                .doesNotContain("internal detail").doesNotContain("Cannot invoke");
        if (how.equals("oom")) {
            assertThat(lines.get(0)).contains("out of memory; give Java more heap");
        } else {
            assertThat(lines.get(0)).contains("internal error (").contains("this is a bug, please report it");
        }
    }

    @Test
    void runningOutOfMemoryInARealJvmEndsWithOneLineAndStatusTwo() throws Exception {
        Path good = dir.resolve("good.json");
        Files.writeString(good, """
                {"Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{
                 "Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},
                 "Action":"sts:AssumeRole"}]}}}}}""");
        Path huge = dir.resolve("huge-plan.json");
        writeJsonOf(huge, 48 * 1024 * 1024);

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "check-template", good.toString(), huge.toString())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();

        // A bound against a hung child, not a speed requirement.
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stderr).isEqualTo(Main.ERROR);
        assertThat(stderr.lines().toList()).containsExactly("check-template: error: out of memory; give Java more "
                + "heap (e.g. java -Xmx4g -jar cross-account-mfa-rule.jar …) or check fewer or smaller inputs at a time");
    }

    /** A JSON document of about {@code size} characters: one long string in a plan-like object. */
    private static void writeJsonOf(Path file, int size) throws IOException {
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"format_version\":\"1.2\",\"planned_values\":{},\"x\":\"".getBytes(StandardCharsets.US_ASCII));
            for (int written = 0; written < size; written += chunk.length) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
