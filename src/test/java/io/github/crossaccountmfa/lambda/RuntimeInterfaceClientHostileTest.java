package io.github.crossaccountmfa.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.testing.ConfigStub;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.HostileInputs;
import io.github.crossaccountmfa.testing.LambdaProcess;
import io.github.crossaccountmfa.testing.RuntimeApiServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile events through the real Runtime Interface Client, the handler named in {@code template.yaml} in its own
 * JVM: a trust policy past the parser's limits is that role's NON_COMPLIANT, delivered with PutEvaluations; garbage
 * in a field the rule needs fails the invocation with one line and no stack trace; and the function keeps serving
 * the events after them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RuntimeInterfaceClientHostileTest {
    private static final String TOKEN = "hostile-result-token";
    private static final String HUGE = "x".repeat(100_000);

    private static ConfigStub config;
    private static RuntimeApiServer runtime;
    private static LambdaProcess lambda;
    private static final List<RuntimeApiServer.Outcome> outcomes = new ArrayList<>();

    @BeforeAll
    static void runEventsThroughTheRuntime() throws Exception {
        config = new ConfigStub();
        // The deadline is far away so that only the events decide the outcomes.
        runtime = new RuntimeApiServer(600_000);
        String handler = LambdaProcess.handlerFromTemplate(Path.of("template.yaml"), ConfigRuleHandler.HANDLER);
        lambda = LambdaProcess.start(System.getProperty("java.class.path"), handler, List.of("-Xmx256m"),
                LambdaProcess.environment(runtime.address(), Optional.empty(), config.endpoint()));

        List<String> events = List.of(
                policyEvent(HostileInputs.policy("number-of-1001-digits.json").policy()),
                policyEvent(HostileInputs.policy("key-of-50001-characters.json").policy()),
                Events.withInvokingEvent("change-noncompliant.json",
                        i -> ((ObjectNode) i.get("configurationItem")).put("resourceId", HUGE)),
                Events.withInvokingEvent("change-noncompliant.json", i -> i.put(HUGE, 1)),
                Events.withEnvelope("change-noncompliant.json", e -> e.put("resultToken", TOKEN)));
        outcomes.addAll(runtime.deliver(events, lambda, 90));
    }

    private static String policyEvent(String policy) {
        ObjectNode event = (ObjectNode) Events.json(Events.withInvokingEvent("change-noncompliant.json",
                i -> ((ObjectNode) i.get("configurationItem").get("configuration")).put("assumeRolePolicyDocument", policy)));
        return event.put("resultToken", TOKEN).toString();
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
    void trustPoliciesPastTheParserLimitsAreDeliveredNonCompliantAndTheInvocationsSucceed() {
        assertThat(outcomes.get(0).success()).as(outcomes.get(0).body()).isTrue();
        assertThat(outcomes.get(1).success()).as(outcomes.get(1).body()).isTrue();
        List<JsonNode> bodies = config.putEvaluations();
        assertThat(bodies.get(0).at("/Evaluations/0/ComplianceType").textValue()).isEqualTo("NON_COMPLIANT");
        assertThat(bodies.get(0).at("/Evaluations/0/Annotation").textValue()).isEqualTo("Trust policy could not be "
                + "parsed, so it is not trusted: Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge: "
                + "unreadable JSON: a number longer than 1000 digits (line 1, column 1193)");
        assertThat(bodies.get(1).at("/Evaluations/0/Annotation").textValue())
                .startsWith("Trust policy could not be parsed, so it is not trusted: Statement[0].Condition.StringEquals: "
                        + "unreadable JSON: a key longer than 50000 characters");
    }

    @Test
    void garbageInAFieldFailsTheInvocationWithOneLineAndNoStackTrace() {
        for (int i : new int[] {2, 3}) {
            RuntimeApiServer.Outcome outcome = outcomes.get(i);
            assertThat(outcome.success()).isFalse();
            JsonNode body = Events.json(outcome.body());
            assertThat(body.get("errorType").textValue()).isEqualTo("io.github.crossaccountmfa.invocation.MalformedEventException");
            assertThat(body.get("errorMessage").textValue()).startsWith("Malformed event: ").doesNotContain("\n")
                    .hasSizeLessThan(2_100).doesNotContain(HostileInputs.LIBRARY_TEXT);
            assertThat(body.path("stackTrace")).isEmpty();
        }
        assertThat(Events.json(outcomes.get(2).body()).get("errorMessage").textValue()).isEqualTo("Malformed event: "
                + "configurationItem.resourceId has 100000 characters, more than the 768 AWS Config accepts");
        assertThat(Events.json(outcomes.get(3).body()).get("errorMessage").textValue())
                .startsWith("Malformed event: invokingEvent is not valid JSON: unreadable JSON: a key longer than 50000");
    }

    @Test
    void theFunctionKeepsServingAfterThemAndLogsNoStackTrace() throws Exception {
        assertThat(outcomes.get(4).success()).as(outcomes.get(4).body()).isTrue();
        assertThat(config.putEvaluations()).hasSize(3);
        assertThat(lambda.isAlive()).isTrue();
        String logs = lambda.stdout() + lambda.stderr();
        assertThat(logs).doesNotContain("\tat ").doesNotContain("Unexpected failure");
        for (String line : lambda.stdout().split("\n")) {
            assertThat(line).as("log lines stay short whatever the event quoted").hasSizeLessThan(4_000);
        }
    }
}
