package io.github.crossaccountmfa.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.invocation.MalformedEventException;
import io.github.crossaccountmfa.invocation.ResourceEvaluation;
import io.github.crossaccountmfa.invocation.RuleEvent;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FakeBackend;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of malformed event fails the invocation with one line that names what is wrong, and sends nothing.
 * The fixtures are real sample events with one thing broken; each carries the expected message in {@code _expect}.
 */
class MalformedEventTest {
    private static final Path FIXTURES = Path.of("src/test/resources/events/malformed");

    static Stream<Arguments> fixtures() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(FIXTURES)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(20);
        return files.stream().map(file -> {
            String text = read(file);
            String name = file.getFileName().toString().replace(".json", "");
            return Arguments.of(name, text, Events.json(text).get("_expect").textValue());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void malformedEventFailsTheInvocationWithAMessageNamingTheProblemAndSendsNothing(String name, String text,
                                                                                       String expected) {
        FakeBackend backend = new FakeBackend();

        assertThatThrownBy(() -> invoke(backend, text))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("Malformed event: ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        assertThat(backend.batches).isEmpty();
        assertThat(backend.listCalls).isZero();
        assertThat(backend.fetches).isEmpty();
    }

    @Test
    void eventThatIsNotJsonAtAllFailsWithAClearMessage() {
        assertThatThrownBy(() -> RuleEvent.fromJson("invokingEvent=..."))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("Malformed event: the event is not valid JSON");
        assertThatThrownBy(() -> RuleEvent.fromJson("[]"))
                .hasMessage("Malformed event: the event must be a JSON object");
    }

    @Test
    void missingEventFailsWithAClearMessage() {
        FakeBackend backend = new FakeBackend();
        assertThatThrownBy(() -> new ConfigRuleHandler(backend, Duration.ZERO).handleRequest(null, OutputStream.nullOutputStream(), null))
                .hasMessage("Malformed event: the event is empty");
    }

    @Test
    void unparseableTrustPolicyInAValidEventIsReportedNonCompliantWithAnAnnotationSayingSo() {
        FakeBackend backend = new FakeBackend();

        invoke(backend, Events.text("change-unparseable-policy.json"));

        assertThat(backend.sent()).singleElement().satisfies(e -> {
            assertThat(e.resourceId()).isEqualTo("AROAEXAMPLEROLEID0005");
            assertThat(e.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(e.annotation()).startsWith("Trust policy could not be parsed");
        });
    }

    @Test
    void trustPolicyWithBrokenUrlEncodingIsReportedNonCompliant() {
        FakeBackend backend = new FakeBackend();
        String event = Events.withInvokingEvent("change-noncompliant.json", invoking ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) invoking.get("configurationItem").get("configuration"))
                        .put("assumeRolePolicyDocument", "%7B%22Version%ZZ"));

        invoke(backend, event);

        ResourceEvaluation sent = backend.sentFor("AROAEXAMPLEROLEID0001");
        assertThat(sent.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(sent.annotation()).contains("could not be parsed");
    }

    /** As Lambda does it: the handler receives the event JSON as a stream. */
    private static void invoke(FakeBackend backend, String text) {
        new ConfigRuleHandler(backend, Duration.ZERO).handleRequest(Events.stream(text), OutputStream.nullOutputStream(), null);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
