package io.github.crossaccountmfa.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

class LineLoggerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @AfterEach
    void clear() {
        MDC.clear();
    }

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private LineLogger lambda(String name, String logLevel) {
        LineLogger.Output env = LineLogger.Output.fromEnvironment(
                Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001", "LOG_LEVEL", logLevel));
        return new LineLogger(name, new LineLogger.Output(env.json(), env.ownLevel(), env.otherLevel(), () -> stream));
    }

    @Test
    void inLambdaEachEventIsOneJsonLineWithTheLogContextAsFields() throws Exception {
        MDC.put("requestId", "req-1");
        MDC.put("rule", "cross-account-mfa-rule");
        MDC.put("nonCompliant", "3");

        lambda("io.github.crossaccountmfa.invocation.RuleRunner", "INFO").info("Reported {} evaluations", 3);

        assertThat(out()).endsWith(System.lineSeparator()).hasLineCount(1);
        JsonNode line = new ObjectMapper().readTree(out());
        assertThat(line.get("level").textValue()).isEqualTo("INFO");
        assertThat(line.get("message").textValue()).isEqualTo("Reported 3 evaluations");
        assertThat(line.get("logger").textValue()).isEqualTo("io.github.crossaccountmfa.invocation.RuleRunner");
        assertThat(line.get("requestId").textValue()).isEqualTo("req-1");
        assertThat(line.get("rule").textValue()).isEqualTo("cross-account-mfa-rule");
        assertThat(line.get("nonCompliant").textValue()).isEqualTo("3");
        assertThat(line.get("timestamp").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(line.has("stackTrace")).isFalse();
    }

    @Test
    void aStackTraceIsWrittenOnlyWhenAThrowableIsAttached() throws Exception {
        LineLogger logger = lambda("io.github.crossaccountmfa.lambda.ConfigRuleHandler", "INFO");

        logger.error("Malformed event: invokingEvent is missing");
        logger.error("Unexpected failure", new IllegalStateException("boom\nsecond line"));

        String[] lines = out().split(System.lineSeparator());
        assertThat(lines).hasSize(2);
        JsonNode expected = new ObjectMapper().readTree(lines[0]);
        assertThat(expected.has("stackTrace")).isFalse();
        assertThat(expected.has("errorType")).isFalse();
        JsonNode unexpected = new ObjectMapper().readTree(lines[1]);
        assertThat(unexpected.get("errorType").textValue()).isEqualTo("java.lang.IllegalStateException");
        assertThat(unexpected.get("errorMessage").textValue()).isEqualTo("boom\nsecond line");
        assertThat(unexpected.get("stackTrace").textValue()).contains("LineLoggerTest");
    }

    @Test
    void logLevelSetsTheRulesOwnLevelAndOtherLoggersStayAtWarn() {
        LineLogger own = lambda("io.github.crossaccountmfa.invocation.RuleRunner", "debug");
        LineLogger sdk = lambda("software.amazon.awssdk.request", "debug");

        assertThat(own.isDebugEnabled()).isTrue();
        assertThat(sdk.isInfoEnabled()).isFalse();
        assertThat(sdk.isWarnEnabled()).isTrue();
        assertThat(lambda("io.github.crossaccountmfa.x", "WARN").isInfoEnabled()).isFalse();
        assertThat(LineLogger.Output.level("nonsense")).isEqualTo(Level.INFO);
    }

    @Test
    void outsideLambdaOnlyWarningsAndErrorsArePlainLinesOnStderr() {
        LineLogger.Output env = LineLogger.Output.fromEnvironment(Map.of("LOG_LEVEL", "DEBUG"));
        LineLogger logger = new LineLogger("io.github.crossaccountmfa.invocation.RuleRunner",
                new LineLogger.Output(env.json(), env.ownLevel(), env.otherLevel(), () -> stream));

        logger.info("not shown");
        logger.warn("Role {} ({}) reported NON_COMPLIANT", "AROA1", "partner");

        assertThat(env.json()).isFalse();
        assertThat(out()).isEqualTo("cross-account-mfa-rule: warn: Role AROA1 (partner) reported NON_COMPLIANT"
                + System.lineSeparator());
    }

    @Test
    void slf4jFindsThisBindingAndNoOther() {
        assertThat(LoggerFactory.getILoggerFactory().getLogger("x")).isInstanceOf(LineLogger.class);
    }
}
