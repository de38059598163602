package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open-value fixtures are templates CloudFormation accepts: cfn-lint (with its SAM translator) reports nothing
 * on them, nor on the member templates their StackSets carry in {@code TemplateBody}.
 */
@Tag("cfn-lint")
class CheckTemplateFixturesLintTest {
    private static final Path DIR = Path.of(CheckTemplateOpenValuesTest.DIR);

    @Test
    void cfnLintReportsNothingOnTheFixturesAndTheirStackSetBodies(@TempDir Path bodies)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--"));
        try (Stream<Path> files = Files.walk(DIR)) {
            files.filter(f -> f.toString().matches(".*\\.(yaml|json)")).filter(f -> !f.startsWith(DIR.resolve("tree/config")))
                    .filter(f -> !f.endsWith("package.json")).sorted().forEach(f -> command.add(f.toString()));
        }
        command.add(body(DIR.resolve("stackset-yaml.yaml"), "MemberAuditRoles", bodies.resolve("member.yaml")).toString());
        command.add(body(DIR.resolve("stackset-json.json"), "BaselineStackSet", bodies.resolve("baseline.json")).toString());
        assertThat(command).hasSizeGreaterThanOrEqualTo(12);

        Process lint = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(300, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();

        assertThat(output).as("cfn-lint output").isEmpty();
        assertThat(lint.exitValue()).isZero();
    }

    /** Writes the TemplateBody of a StackSet (a JSON string, or a YAML block scalar) to {@code target}. */
    private static Path body(Path template, String stackSet, Path target) throws IOException {
        String text = Files.readString(template);
        if (template.toString().endsWith(".json")) {
            return Files.writeString(target, new ObjectMapper().readTree(text).path("Resources").path(stackSet)
                    .path("Properties").path("TemplateBody").textValue());
        }
        List<String> lines = Files.readAllLines(template);
        int start = lines.indexOf("      TemplateBody: |") + 1;
        StringBuilder body = new StringBuilder();
        for (int i = start; i < lines.size() && (lines.get(i).startsWith("        ") || lines.get(i).isBlank()); i++) {
            body.append(lines.get(i).length() > 8 ? lines.get(i).substring(8) : "").append('\n');
        }
        assertThat(start).as("TemplateBody block in " + template).isPositive();
        return Files.writeString(target, body);
    }
}
