package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.HostileInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile trust policies through the commands: each is an error line naming its file and the position (exit
 * status 2) while every other input is still evaluated and printed; in an event, each is that role's NON_COMPLIANT.
 */
class HostileInputsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},
             "Action":"sts:AssumeRole"}]}""";
    private static final String OTHER = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},
             "Action":"sts:AssumeRole"}]}""";

    @TempDir
    static Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static List<HostileInputs.Policy> policies() {
        return HostileInputs.policies();
    }

    @BeforeAll
    static void writeFiles() throws IOException {
        write("ok.json", OK);
        write("other.json", OTHER);
        for (HostileInputs.Policy policy : HostileInputs.policies()) {
            write(policy.name(), policy.policy());
        }
    }

    private static String write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file.toString();
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void aNumberPastTheParserLimitIsAnErrorAndTheFileAfterItIsStillEvaluated() {
        CliRun run = run("check-policy", "--account", "111111111111", file("ok.json"),
                file("number-of-1001-digits.json"), file("other.json"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).contains("NOT_APPLICABLE  " + file("ok.json"))
                .contains("NON_COMPLIANT  " + file("other.json"));
        assertThat(run.err().lines().toList()).containsExactly(file("number-of-1001-digits.json") + ": error: not a valid trust "
                + "policy: Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge: unreadable JSON: a number "
                + "longer than 1000 digits (line 1, column 1193)");
    }

    @Test
    void everyHostileFileIsItsOwnErrorLineWhileTheGoodOnesAroundThemAreEvaluated() throws Exception {
        List<String> args = new ArrayList<>(List.of("check-policy", "--account", "111111111111", "--format", "json",
                file("ok.json")));
        policies().forEach(p -> args.add(file(p.name())));
        args.add(file("other.json"));

        CliRun run = run(args.toArray(String[]::new));

        assertThat(run.status()).isEqualTo(2);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(policies().size() + 2);
        assertThat(lines.getFirst().get("compliance").asText()).isEqualTo("NOT_APPLICABLE");
        assertThat(lines.getLast().get("compliance").asText()).isEqualTo("NON_COMPLIANT");
        for (int i = 0; i < policies().size(); i++) {
            HostileInputs.Policy policy = policies().get(i);
            JsonNode line = lines.get(i + 1);
            assertThat(line.get("file").asText()).isEqualTo(file(policy.name()));
            // A file larger than any policy is refused while it is read, before it is parsed.
            String expected = policy.name().equals("document-of-200000-characters.json")
                    ? "more than 131072 characters, the most this tool reads here: no IAM policy document is longer"
                    : policy.message();
            assertThat(line.get("error").asText()).as(policy.name()).contains(expected)
                    .doesNotContain(HostileInputs.LIBRARY_TEXT);
            assertThat(run.err().lines().toList().get(i)).startsWith(file(policy.name()) + ": error: ");
        }
        assertThat(run.err().lines().toList()).hasSize(policies().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void eachHostilePolicyInAnEventIsThatRolesNonCompliantResult(HostileInputs.Policy policy) throws IOException {
        String event = write("event-" + policy.name(), Events.withInvokingEvent("change-noncompliant.json",
                invoking -> ((ObjectNode) invoking.get("configurationItem").get("configuration"))
                        .put("assumeRolePolicyDocument", policy.policy())));

        CliRun run = run("evaluate", "--dry-run", event);

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        JsonNode evaluation = Events.json(run.out().strip());
        assertThat(evaluation.get("complianceType").asText()).isEqualTo("NON_COMPLIANT");
        assertThat(evaluation.get("annotation").asText()).startsWith("Trust policy could not be parsed")
                .hasSizeLessThanOrEqualTo(256).doesNotContain(HostileInputs.LIBRARY_TEXT);
    }

    @Test
    void anEventWithGarbageInAFieldIsOneLineAndStatusTwo() throws IOException {
        String huge = "x".repeat(100_000);
        String event = write("garbage-event.json", Events.withEnvelope("change-noncompliant.json",
                e -> e.put("eventLeftScope", huge)));
        String outsized = write("outsized-id-event.json", Events.withInvokingEvent("change-noncompliant.json",
                invoking -> ((ObjectNode) invoking.get("configurationItem")).put("resourceId", huge)));

        CliRun garbage = run("evaluate", "--dry-run", event);
        CliRun tooLong = run("evaluate", "--dry-run", outsized);

        assertThat(garbage.status()).isEqualTo(2);
        assertThat(garbage.out()).isEmpty();
        assertThat(garbage.err().lines().toList()).singleElement().asString()
                .startsWith("evaluate: Malformed event: eventLeftScope must be true or false, got \"xxx")
                .endsWith("(100002 characters)").hasSizeLessThan(200);
        assertThat(tooLong.status()).isEqualTo(2);
        assertThat(tooLong.err().lines().toList()).containsExactly("evaluate: Malformed event: configurationItem.resourceId has "
                + "100000 characters, more than the 768 AWS Config accepts");
    }

    @Test
    void eachHostilePolicyInATerraformPlanIsItsRolesErrorWhileTheOtherRolesAreChecked() throws IOException {
        ObjectNode plan = JSON.createObjectNode().put("format_version", "1.2");
        ArrayNode resources = plan.putObject("planned_values").putObject("root_module").putArray("resources");
        addRole(resources, "good", OTHER);
        for (HostileInputs.Policy policy : policies()) {
            addRole(resources, policy.name().replace('.', '_'), policy.policy());
        }
        String file = write("plan.json", JSON.writeValueAsString(plan));

        CliRun run = run("check-template", "--account", "111111111111", "--format", "json", file);

        assertThat(run.status()).isEqualTo(2);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(policies().size() + 1);
        assertThat(lines.getFirst().get("compliance").asText()).isEqualTo("NON_COMPLIANT");
        for (int i = 0; i < policies().size(); i++) {
            JsonNode line = lines.get(i + 1);
            assertThat(line.get("resource").asText()).isEqualTo("aws_iam_role." + policies().get(i).name().replace('.', '_'));
            // An empty string is how a plan leaves the policy out.
            String expected = policies().get(i).name().equals("empty.json") ? "assume_role_policy is missing"
                    : policies().get(i).message();
            assertThat(line.get("error").asText()).as(policies().get(i).name()).contains(expected)
                    .doesNotContain(HostileInputs.LIBRARY_TEXT);
        }
    }

    private static void addRole(ArrayNode resources, String name, String policy) {
        ObjectNode role = resources.addObject().put("address", "aws_iam_role." + name).put("mode", "managed")
                .put("type", "aws_iam_role").put("name", name);
        role.putObject("values").put("name", name).put("assume_role_policy", policy);
    }

    @Test
    void inputsThatAreNotTextOrAreEndlessAreErrorsNotExhaustedMemory() throws IOException {
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x7B, 0x00});

        CliRun run = run("check-policy", "/dev/zero", binary.toString(), dir.toString(), file("other.json"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).contains("NON_COMPLIANT  " + file("other.json"));
        assertThat(run.err().lines().toList()).containsExactly(
                "/dev/zero: error: more than 131072 characters, the most this tool reads here: no IAM policy document "
                        + "is longer (a role's trust policy is limited to 2048 characters by default, 4096 when the "
                        + "quota is raised)",
                binary + ": error: not UTF-8 text",
                dir + ": error: is a directory");
    }
}
