package io.github.crossaccountmfa.cli;

import static io.github.crossaccountmfa.testing.ConfigStub.error;
import static io.github.crossaccountmfa.testing.ConfigStub.operation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.ConfigStub;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FastAws;
import io.github.crossaccountmfa.testing.MotoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;

/** {@code evaluate [--dry-run] EVENT.json}: the Lambda's logic on the command line, with the sample events. */
@Tag("moto")
@ExtendWith(MotoServer.class)
class EvaluateCommandTest {
    private static ConfigStub config;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        config = new ConfigStub();
    }

    @AfterAll
    static void stop() {
        config.close();
    }

    @BeforeEach
    void reset() {
        config.reset();
        AwsTestEnvironment.use(MotoServer.endpoint(), config.endpoint());
    }

    private int evaluate(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "evaluate";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private List<JsonNode> printed() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(Events.json(line));
            }
        }
        return lines;
    }

    @Test
    void dryRunOfAChangeEventNeedsNoAwsCredentialsAndPrintsTheEvaluation(@TempDir Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "evaluate", "--dry-run", "events/change-noncompliant.json")
                .redirectError(home.resolve("stderr").toFile()).redirectOutput(home.resolve("stdout").toFile());
        String path = builder.environment().get("PATH");
        builder.environment().clear(); // no AWS_* variables, no ~/.aws: no credentials anywhere
        builder.environment().put("PATH", path);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().put("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
        Process process = builder.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stdout = Files.readString(home.resolve("stdout"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(Files.readString(home.resolve("stderr"))).isEqualTo(Main.NON_COMPLIANT);
        assertThat(stdout.lines().toList()).singleElement().satisfies(line -> {
            JsonNode e = Events.json(line);
            assertThat(e.get("complianceResourceType").textValue()).isEqualTo("AWS::IAM::Role");
            assertThat(e.get("complianceResourceId").textValue()).isEqualTo("AROAEXAMPLEROLEID0001");
            assertThat(e.get("complianceType").textValue()).isEqualTo("NON_COMPLIANT");
            assertThat(e.get("annotation").textValue()).startsWith("Assumable without MFA by arn:aws:iam::210987654321:root");
            assertThat(e.get("orderingTimestamp").textValue()).isEqualTo("2024-03-01T10:05:12.345Z");
        });
        assertThat(Files.readString(home.resolve("stderr"))).isEmpty();
    }

    @Test
    void dryRunExitsZeroForCompliantNotApplicableAndDeletedRoles() {
        assertThat(evaluate("--dry-run", "events/change-compliant.json")).isEqualTo(Main.OK);
        assertThat(evaluate("--dry-run", "events/change-not-applicable.json")).isEqualTo(Main.OK);
        assertThat(evaluate("--dry-run", "events/change-deleted.json")).isEqualTo(Main.OK);
        assertThat(evaluate("--dry-run", "events/change-exempt.json")).isEqualTo(Main.OK);

        assertThat(printed()).extracting(e -> e.get("complianceType").textValue())
                .containsExactly("COMPLIANT", "NOT_APPLICABLE", "NOT_APPLICABLE", "NOT_APPLICABLE");
        assertThat(config.putEvaluations()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void unparseablePolicyIsReportedNonCompliantAsTheLambdaDoes() {
        assertThat(evaluate("--dry-run", "events/change-unparseable-policy.json")).isEqualTo(Main.NON_COMPLIANT);
        assertThat(printed()).singleElement().satisfies(e ->
                assertThat(e.get("annotation").textValue()).startsWith("Trust policy could not be parsed"));
    }

    @Test
    void withoutDryRunTheEvaluationIsSentWithPutEvaluationsAndPrinted() {
        assertThat(evaluate("events/change-noncompliant.json")).isEqualTo(Main.NON_COMPLIANT);

        assertThat(config.putEvaluations()).singleElement().satisfies(body -> {
            assertThat(body.get("ResultToken").textValue()).isEqualTo("TESTMODE");
            assertThat(body.get("TestMode").booleanValue()).isTrue();
            assertThat(body.get("Evaluations").get(0).get("ComplianceResourceId").textValue())
                    .isEqualTo("AROAEXAMPLEROLEID0001");
        });
        assertThat(printed()).hasSize(1);
    }

    @Test
    void scheduledDryRunListsTheAccountsRolesAndSendsNothing() {
        MotoServer.reset();
        try (IamClient iam = FastAws.clients().iam()) {
            iam.createRole(r -> r.roleName("partner").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"210987654321"},\
                    "Action":"sts:AssumeRole"}]}"""));
        }

        assertThat(evaluate("--dry-run", "events/scheduled.json")).isEqualTo(Main.NON_COMPLIANT);

        assertThat(printed()).singleElement().satisfies(e -> {
            assertThat(e.get("complianceType").textValue()).isEqualTo("NON_COMPLIANT");
            assertThat(e.get("orderingTimestamp").textValue()).isEqualTo("2024-03-03T00:00:00.123Z");
        });
        assertThat(config.putEvaluations()).isEmpty();
        assertThat(config.bodies("GetComplianceDetailsByConfigRule")).hasSize(1);
    }

    @Test
    void malformedEventExitsTwoWithOneLineOnStderr(@TempDir Path dir) throws Exception {
        Path event = dir.resolve("event.json");
        Files.writeString(event, Events.withEnvelope("change-noncompliant.json", e -> e.remove("invokingEvent")));

        assertThat(evaluate("--dry-run", event.toString())).isEqualTo(Main.ERROR);

        assertThat(err.toString()).isEqualTo("evaluate: Malformed event: invokingEvent is missing" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingFileExitsTwo() {
        assertThat(evaluate("--dry-run", "events/no-such-event.json")).isEqualTo(Main.ERROR);
        assertThat(err.toString()).contains("evaluate: events/no-such-event.json: no such file");
    }

    @Test
    void awsErrorExitsTwoWithOneLineNamingTheCall() {
        config.server().stubFor(operation("PutEvaluations").atPriority(1).willReturn(
                error(400, "AccessDeniedException", "User is not authorized to perform: config:PutEvaluations")));

        assertThat(evaluate("events/change-compliant.json")).isEqualTo(Main.ERROR);

        assertThat(err.toString().strip()).isEqualTo("evaluate: Config PutEvaluations failed for 1 evaluations "
                + "(AROAEXAMPLEROLEID0002): AccessDeniedException: User is not authorized to perform: "
                + "config:PutEvaluations (HTTP 400, request id req-AccessDeniedException)");
        assertThat(out.toString()).isEmpty();
    }
}
