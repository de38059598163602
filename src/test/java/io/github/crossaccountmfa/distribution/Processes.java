package io.github.crossaccountmfa.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command of the repository's tooling, output and errors together, and waits for it (bounded). */
final class Processes {
    /** A hang guard, not a speed bar: the slowest command here clones a repository and starts two JVMs. */
    private static final long LIMIT_SECONDS = 600;

    record Result(int status, String output) {
    }

    private Processes() {
    }

    static Result run(Path directory, Map<String, String> environment, List<String> command) {
        try {
            Path output = Files.createTempFile("process", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(command + " did not finish within " + LIMIT_SECONDS + " s:\n"
                            + Files.readString(output));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    static void assertStatus(Result result, int expected) {
        assertThat(result.status()).as("exit status; output:%n%s", result.output()).isEqualTo(expected);
    }
}
