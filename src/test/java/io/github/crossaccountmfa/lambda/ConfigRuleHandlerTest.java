package io.github.crossaccountmfa.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import io.github.crossaccountmfa.invocation.DeadlineException;
import io.github.crossaccountmfa.invocation.DeliveryException;
import io.github.crossaccountmfa.invocation.RuleRunner;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FakeBackend;
import io.github.crossaccountmfa.testing.TestContext;
import io.github.crossaccountmfa.testing.Logs;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRuleHandlerTest {
    private final FakeBackend backend = new FakeBackend();
    private final ConfigRuleHandler handler = new ConfigRuleHandler(backend, Duration.ofSeconds(10));

    @Test
    void handlerIsAFinalStreamHandlerNamedByTheHandlerString() throws Exception {
        String[] parts = ConfigRuleHandler.HANDLER.split("::");
        Class<?> type = Class.forName(parts[0]);

        assertThat(type).isEqualTo(ConfigRuleHandler.class);
        assertThat(Modifier.isFinal(type.getModifiers())).isTrue();
        assertThat(RequestStreamHandler.class).isAssignableFrom(type);
        assertThat(type.getMethod(parts[1], InputStream.class, OutputStream.class, Context.class).getReturnType())
                .isEqualTo(void.class);
        assertThat(type.getConstructor()).isNotNull();
    }

    @Test
    void changeEventIsEvaluatedAndReportedUnderTheEventsResultToken() {
        handler.handleRequest(Events.stream(Events.text("change-noncompliant.json")), OutputStream.nullOutputStream(), new TestContext("req-1", () -> 60_000));

        assertThat(backend.tokens).containsExactly("TESTMODE");
        assertThat(backend.sentFor("AROAEXAMPLEROLEID0001").compliance()).isEqualTo(Compliance.NON_COMPLIANT);
    }

    @Test
    void logContextCarriesRuleMessageTypeResourceAndRequestDuringTheInvocationAndIsClearedAfter() {
        List<Map<String, String>> seen = new ArrayList<>();
        backend.onPut = batch -> seen.add(Logs.context());

        handler.handleRequest(Events.stream(Events.text("change-compliant.json")), OutputStream.nullOutputStream(), new TestContext("req-42", () -> 60_000));

        assertThat(seen).singleElement().satisfies(context -> assertThat(context)
                .containsEntry("requestId", "req-42")
                .containsEntry("rule", "cross-account-mfa-rule")
                .containsEntry("messageType", "ConfigurationItemChangeNotification")
                .containsEntry("resourceId", "AROAEXAMPLEROLEID0002")
                .doesNotContainValue("TESTMODE"));
        assertThat(Logs.context()).isEmpty();
    }

    @Test
    void deliveryFailureFailsTheInvocationWithTheSameOneLineMessage() {
        backend.onPut = batch -> {
            throw new DeliveryException("PutEvaluations did not accept 1 of 1 evaluations after 4 attempts: "
                    + "AROAEXAMPLEROLEID0001", List.of("AROAEXAMPLEROLEID0001"));
        };

        assertThatThrownBy(() -> handler.handleRequest(Events.stream(Events.text("change-noncompliant.json")), OutputStream.nullOutputStream(),
                new TestContext("req-2", () -> 60_000)))
                .isInstanceOf(DeliveryException.class)
                .hasMessage("PutEvaluations did not accept 1 of 1 evaluations after 4 attempts: AROAEXAMPLEROLEID0001");
        assertThat(Logs.context()).isEmpty();
    }

    @Test
    void remainingTimeOfTheLambdaContextBoundsTheSweep() {
        backend.role("partner", "AROAPARTNER000000001", "/", "{}");

        assertThatThrownBy(() -> handler.handleRequest(Events.stream(Events.text("scheduled.json")), OutputStream.nullOutputStream(),
                new TestContext("req-3", () -> 4_000)))
                .isInstanceOf(DeadlineException.class)
                .hasMessageContaining("stopped before ListRoles after 0 roles: 4000 ms left before the Lambda timeout")
                .hasMessageContaining("plus the safety margin (10000 ms)");
        assertThat(backend.batches).isEmpty();
    }

    @Test
    void unexpectedFailureIsRethrown() {
        backend.onPut = batch -> {
            throw new IllegalStateException("boom");
        };

        assertThatThrownBy(() -> handler.handleRequest(Events.stream(Events.text("change-noncompliant.json")), OutputStream.nullOutputStream(), null))
                .isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void safetyMarginComesFromTheEnvironmentVariableOrDefaults() {
        assertThat(ConfigRuleHandler.safetyMargin("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConfigRuleHandler.safetyMargin(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(ConfigRuleHandler.safetyMargin(null)).isEqualTo(RuleRunner.DEFAULT_SAFETY_MARGIN);
        assertThat(ConfigRuleHandler.safetyMargin("ten")).isEqualTo(RuleRunner.DEFAULT_SAFETY_MARGIN);
        assertThat(ConfigRuleHandler.safetyMargin("-5")).isEqualTo(RuleRunner.DEFAULT_SAFETY_MARGIN);
    }

    @Test
    void putEvaluationsConcurrencyComesFromTheEnvironmentVariableOrDefaults() {
        assertThat(ConfigRuleHandler.concurrency("1")).isEqualTo(1);
        assertThat(ConfigRuleHandler.concurrency(" 8 ")).isEqualTo(8);
        assertThat(ConfigRuleHandler.concurrency(null)).isEqualTo(ConfigEvaluationSink.CONCURRENT_CALLS);
        assertThat(ConfigRuleHandler.concurrency("0")).isEqualTo(ConfigEvaluationSink.CONCURRENT_CALLS);
        assertThat(ConfigRuleHandler.concurrency("50")).isEqualTo(ConfigEvaluationSink.CONCURRENT_CALLS);
        assertThat(ConfigRuleHandler.concurrency("many")).isEqualTo(ConfigEvaluationSink.CONCURRENT_CALLS);
    }
}
