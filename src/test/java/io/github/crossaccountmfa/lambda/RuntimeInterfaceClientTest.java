package io.github.crossaccountmfa.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.ConfigStub;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FastAws;
import io.github.crossaccountmfa.testing.LambdaProcess;
import io.github.crossaccountmfa.testing.MotoServer;
import io.github.crossaccountmfa.testing.RuntimeApiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The real AWS Lambda Java Runtime Interface Client runs the handler named in {@code template.yaml} in its own JVM
 * against a Runtime API served here, with IAM on moto and AWS Config on WireMock, configured only through the
 * standard environment variables ({@code AWS_ENDPOINT_URL_IAM}, {@code AWS_ENDPOINT_URL_CONFIG_SERVICE}, …).
 */
@Tag("moto")
@ExtendWith(MotoServer.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RuntimeInterfaceClientTest {
    private static final String TOKEN = "eyJlbmNyeXB0ZWREYXRhIjpbLTEsNjksLi4uXX0=";
    private static final String THIRD_PARTY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},\
            "Action":"sts:AssumeRole"}]}""";
    private static final String OWN = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},\
            "Action":"sts:AssumeRole"}]}""";

    private static ConfigStub config;
    private static RuntimeApiServer runtime;
    private static LambdaProcess lambda;
    private static final List<RuntimeApiServer.Outcome> outcomes = new ArrayList<>();
    private static final Set<String> roleIds = new TreeSet<>();

    @BeforeAll
    static void runEventsThroughTheRuntime() throws Exception {
        MotoServer.reset();
        AwsTestEnvironment.use(MotoServer.endpoint(), "http://127.0.0.1:1");
        try (IamClient iam = FastAws.clients().iam()) {
            roleIds.add(iam.createRole(r -> r.roleName("partner").assumeRolePolicyDocument(THIRD_PARTY)).role().roleId());
            roleIds.add(iam.createRole(r -> r.roleName("internal").assumeRolePolicyDocument(OWN)).role().roleId());
        }
        config = new ConfigStub();
        // The deadline is far away: the deadline checks are tested elsewhere, and a loaded machine must not meet
        // them here.
        runtime = new RuntimeApiServer(600_000);
        String handler = LambdaProcess.handlerFromTemplate(Path.of("template.yaml"), ConfigRuleHandler.HANDLER);
        lambda = LambdaProcess.start(System.getProperty("java.class.path"), handler, List.of("-Xmx256m"),
                LambdaProcess.environment(runtime.address(), Optional.of(MotoServer.endpoint()), config.endpoint()));

        String change = Events.withEnvelope("change-noncompliant.json", e -> e.put("resultToken", TOKEN));
        String scheduled = Events.withEnvelope("scheduled.json", e -> e.put("resultToken", TOKEN));
        String malformed = Events.withEnvelope("change-noncompliant.json", e -> e.remove("invokingEvent"));
        outcomes.addAll(runtime.deliver(List.of(change, scheduled, malformed), lambda, 90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (lambda != null) {
            lambda.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (config != null) {
            config.close();
        }
    }

    @Test
    void changeEventIsReportedThroughPutEvaluationsAndTheInvocationSucceeds() {
        assertThat(outcomes.get(0).success()).as(outcomes.get(0).body()).isTrue();
        JsonNode first = config.putEvaluations().get(0);
        assertThat(first).isEqualTo(Events.json("""
                {"Evaluations":[{"ComplianceResourceType":"AWS::IAM::Role",
                  "ComplianceResourceId":"AROAEXAMPLEROLEID0001","ComplianceType":"NON_COMPLIANT",
                  "Annotation":"%s","OrderingTimestamp":1709287512.345}],
                 "ResultToken":"%s","TestMode":false}""".formatted(
                first.get("Evaluations").get(0).get("Annotation").textValue(), TOKEN)));
        assertThat(first.get("Evaluations").get(0).get("Annotation").textValue())
                .startsWith("Assumable without MFA by arn:aws:iam::210987654321:root");
    }

    @Test
    void scheduledEventReportsEveryRoleFromIamAndTheInvocationSucceeds() {
        assertThat(outcomes.get(1).success()).as(outcomes.get(1).body()).isTrue();
        List<JsonNode> bodies = config.putEvaluations();
        assertThat(bodies).hasSize(2);
        Set<String> reported = new TreeSet<>();
        bodies.get(1).get("Evaluations").forEach(e -> {
            reported.add(e.get("ComplianceResourceId").textValue());
            assertThat(e.get("OrderingTimestamp").decimalValue()).isEqualByComparingTo("1709424000.123");
        });
        assertThat(reported).isEqualTo(roleIds);
        assertThat(config.bodies("GetComplianceDetailsByConfigRule")).singleElement()
                .satisfies(body -> assertThat(body.get("ConfigRuleName").textValue()).isEqualTo("cross-account-mfa-rule"));
    }

    @Test
    void malformedEventFailsTheInvocationWithAOneLineMessageAndNoStackTrace() {
        RuntimeApiServer.Outcome error = outcomes.get(2);
        assertThat(error.success()).isFalse();
        JsonNode body = Events.json(error.body());
        assertThat(body.get("errorMessage").textValue()).isEqualTo("Malformed event: invokingEvent is missing");
        assertThat(body.get("errorType").textValue()).isEqualTo("io.github.crossaccountmfa.invocation.MalformedEventException");
        assertThat(body.path("stackTrace")).isEmpty();
        assertThat(config.putEvaluations()).hasSize(2);
    }

    @Test
    void logsAreJsonLinesWithRuleMessageTypeResourceAndRequestIdAndNoSecrets() throws Exception {
        String stdout = lambda.stdout();
        List<JsonNode> logs = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{")) {
                logs.add(Events.json(line));
            }
        }
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.get("level").textValue()).isEqualTo("INFO");
            assertThat(log.get("rule").textValue()).isEqualTo("cross-account-mfa-rule");
            assertThat(log.get("messageType").textValue()).isEqualTo("ConfigurationItemChangeNotification");
            assertThat(log.get("resourceId").textValue()).isEqualTo("AROAEXAMPLEROLEID0001");
            assertThat(log.get("requestId").textValue()).isEqualTo(outcomes.get(0).requestId());
            assertThat(log.get("nonCompliant").asText()).isEqualTo("1");
            assertThat(log.has("durationMs")).isTrue();
            assertThat(log.has("timestamp")).isTrue();
        });
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.get("messageType").textValue()).isEqualTo("ScheduledNotification");
            assertThat(log.get("rolesListed").asText()).isEqualTo("2");
        });
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.get("level").textValue()).isEqualTo("ERROR");
            assertThat(log.get("message").textValue()).isEqualTo("Malformed event: invokingEvent is missing");
            assertThat(log.has("stackTrace")).isFalse();
        });
        String everything = stdout + lambda.stderr();
        assertThat(everything).doesNotContain(TOKEN, "runtime-test-secret-key-do-not-log",
                "runtime-test-session-token-do-not-log");
        assertThat(lambda.isAlive()).isTrue();
    }
}
