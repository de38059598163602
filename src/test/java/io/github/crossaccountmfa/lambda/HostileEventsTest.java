package io.github.crossaccountmfa.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.invocation.MalformedEventException;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FakeBackend;
import io.github.crossaccountmfa.testing.HostileInputs;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events with garbage in their fields (100 000-character values and keys, parser limits, wrong types) through the
 * handler: each is either a clean malformed-event failure (one short line naming the field, no stack trace, nothing
 * sent) or, where the garbage is only data, an evaluation whose annotation still fits AWS Config's 256 characters.
 * Never an unexpected exception.
 */
class HostileEventsTest {
    private static final String HUGE = "x".repeat(100_000);

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("resourceId of 100 000 characters", change(i -> item(i).put("resourceId", HUGE)),
                        "configurationItem.resourceId has 100000 characters, more than the 768 AWS Config accepts"),
                Arguments.of("resourceType of 100 000 characters", change(i -> item(i).put("resourceType", HUGE)),
                        "configurationItem.resourceType has 100000 characters, more than the 256 AWS Config accepts"),
                Arguments.of("configRuleName of 100 000 characters",
                        Events.withEnvelope("scheduled.json", e -> e.put("configRuleName", HUGE)),
                        "configRuleName has 100000 characters, more than the 128 AWS Config accepts"),
                Arguments.of("messageType of 100 000 characters", change(i -> i.put("messageType", HUGE)),
                        "unsupported invokingEvent.messageType \"xxx"),
                Arguments.of("status of 100 000 characters",
                        change(i -> item(i).put("configurationItemStatus", HUGE)), "is not a known status"),
                Arguments.of("capture time of 100 000 characters",
                        change(i -> item(i).put("configurationItemCaptureTime", HUGE)), "is not an ISO-8601 timestamp"),
                Arguments.of("invokingEvent key of 100 000 characters", change(i -> i.put(HUGE, 1)),
                        "invokingEvent is not valid JSON: unreadable JSON: a key longer than 50000 characters"),
                Arguments.of("invokingEvent nested 1001 deep", invokingEvent(Events.text("change-noncompliant.json"),
                        "\"recordVersion\":\"1.3\"", "\"x\":" + "[".repeat(1001) + "]".repeat(1001)),
                        "invokingEvent is not valid JSON: x[0][0][0]"),
                Arguments.of("invokingEvent number of 1001 digits", invokingEvent(Events.text("change-noncompliant.json"),
                        "\"configurationStateId\":1709287512345", "\"configurationStateId\":" + "7".repeat(1001)),
                        "configurationItem.configurationStateId: unreadable JSON: a number longer than 1000 digits"),
                Arguments.of("invokingEvent of 100 000 characters that are not JSON",
                        Events.withEnvelope("change-noncompliant.json", e -> e.put("invokingEvent", HUGE)),
                        "invokingEvent is not valid JSON: invalid JSON: unrecognized word \"xxx"),
                Arguments.of("rule parameter value of 100 000 characters",
                        Events.withEnvelope("change-noncompliant.json",
                                e -> e.put("ruleParameters", "{\"TrustedAccountIds\":\"" + HUGE + "\"}")),
                        "ruleParameters: TrustedAccountIds: \"xxx"),
                Arguments.of("rule parameter key of 100 000 characters",
                        Events.withEnvelope("change-noncompliant.json",
                                e -> e.put("ruleParameters", "{\"" + "k".repeat(40_000) + "\":\"1\"}")),
                        "ruleParameters: unknown rule parameter \"kkk"),
                Arguments.of("rule parameters with a number of 1001 digits",
                        Events.withEnvelope("change-noncompliant.json",
                                e -> e.put("ruleParameters", "{\"AcceptExternalId\":" + "1".repeat(1001) + "}")),
                        "ruleParameters: rule parameters are not valid JSON: AcceptExternalId: unreadable JSON: a "
                                + "number longer than 1000 digits"),
                Arguments.of("tag key of 100 000 characters",
                        change(i -> ((ObjectNode) item(i).get("tags")).put(HUGE, "v")),
                        "invokingEvent is not valid JSON: configurationItem.tags: unreadable JSON: a key longer than "
                                + "50000 characters"),
                Arguments.of("accountId of 100 000 characters in organization mode",
                        Events.withEnvelope("change-noncompliant.json", e -> {
                            e.put("ruleParameters", "{\"ExecutionRoleName\":\"ConfigRuleExecution\"}");
                            e.put("accountId", HUGE);
                        }), "is not a 12-digit account id"));
    }

    static Stream<Arguments> evaluated() {
        return Stream.of(
                Arguments.of("resultToken of 100 000 characters",
                        Events.withEnvelope("change-noncompliant.json", e -> e.put("resultToken", HUGE)),
                        Compliance.NON_COMPLIANT),
                Arguments.of("role name and ARN of 100 000 characters", change(i -> {
                    ObjectNode conf = (ObjectNode) item(i).get("configuration");
                    conf.put("roleName", HUGE);
                    conf.put("arn", "arn:aws:iam::123456789012:role/" + HUGE);
                }), Compliance.NON_COMPLIANT),
                Arguments.of("exemption reason of 100 000 characters",
                        withRuleParameters(change(i -> ((ObjectNode) item(i).get("tags")).put("mfa-exempt", HUGE)),
                                "{\"ExemptionTagKey\":\"mfa-exempt\"}"),
                        Compliance.NOT_APPLICABLE),
                Arguments.of("trust policy of 100 000 characters of garbage",
                        change(i -> ((ObjectNode) item(i).get("configuration")).put("assumeRolePolicyDocument", HUGE)),
                        Compliance.NON_COMPLIANT),
                Arguments.of("trust policy with a number of 1001 digits",
                        change(i -> ((ObjectNode) item(i).get("configuration")).put("assumeRolePolicyDocument",
                                HostileInputs.policy("number-of-1001-digits.json").policy())),
                        Compliance.NON_COMPLIANT),
                Arguments.of("trust policy that is a number", change(i -> ((ObjectNode) item(i).get("configuration"))
                        .put("assumeRolePolicyDocument", 42)), Compliance.NON_COMPLIANT),
                Arguments.of("trust policy missing", change(i -> ((ObjectNode) item(i).get("configuration"))
                        .remove("assumeRolePolicyDocument")), Compliance.NON_COMPLIANT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void garbageInAFieldTheRuleNeedsIsAMalformedEventInOneShortLine(String what, String event, String expected) {
        FakeBackend backend = new FakeBackend();

        Throwable failure = catchThrowable(() -> invoke(backend, event));

        assertThat(failure).isInstanceOf(MalformedEventException.class);
        assertThat(failure.getMessage()).startsWith("Malformed event: ").contains(expected)
                .doesNotContain("\n").doesNotContain(HostileInputs.LIBRARY_TEXT).hasSizeLessThan(2_100);
        assertThat(failure.getStackTrace()).isEmpty();
        assertThat(backend.batches).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluated")
    void garbageThatIsOnlyDataIsEvaluatedAndTheAnnotationStillFits(String what, String event, Compliance expected) {
        FakeBackend backend = new FakeBackend();

        invoke(backend, event);

        assertThat(backend.sent()).singleElement().satisfies(e -> {
            assertThat(e.compliance()).isEqualTo(expected);
            assertThat(e.annotation()).hasSizeLessThanOrEqualTo(256).doesNotContain(HostileInputs.LIBRARY_TEXT);
        });
    }

    private static String change(Consumer<ObjectNode> edit) {
        return Events.withInvokingEvent("change-noncompliant.json", edit);
    }

    private static String withRuleParameters(String event, String parameters) {
        ObjectNode envelope = (ObjectNode) Events.json(event);
        envelope.put("ruleParameters", parameters);
        return envelope.toString();
    }

    private static ObjectNode item(ObjectNode invoking) {
        return (ObjectNode) invoking.get("configurationItem");
    }

    /** The event with {@code text} in its invokingEvent string replaced, for JSON no Jackson writer produces. */
    private static String invokingEvent(String event, String text, String replacement) {
        String invoking = Events.json(event).get("invokingEvent").textValue();
        assertThat(invoking).contains(text);
        return Events.withEnvelope("change-noncompliant.json",
                e -> e.put("invokingEvent", invoking.replace(text, replacement)));
    }

    /** As Lambda does it: the handler receives the event JSON as a stream. */
    private static void invoke(FakeBackend backend, String text) {
        new ConfigRuleHandler(backend, Duration.ZERO).handleRequest(Events.stream(text), OutputStream.nullOutputStream(), null);
    }
}
