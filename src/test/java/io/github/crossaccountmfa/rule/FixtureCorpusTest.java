package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the trust-policy corpus under {@code src/test/resources/cases}: every case names its expected verdict and a
 * twin with a different verdict, so each rule is pinned from both sides.
 */
class FixtureCorpusTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Case(String file, String name, String twin, String account, JsonNode parameters, String expected,
                List<String> offending, String policy) {
        @Override
        public String toString() {
            return file + ": " + name;
        }
    }

    static List<Case> cases() {
        try {
            URL folder = FixtureCorpusTest.class.getResource("/cases");
            List<Case> all = new ArrayList<>();
            try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        for (JsonNode node : JSON.readTree(in)) {
                            all.add(toCase(file.getFileName().toString(), node));
                        }
                    }
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Case toCase(String file, JsonNode node) throws IOException {
        JsonNode policy = node.get("policy");
        List<String> offending = new ArrayList<>();
        if (node.has("offending")) {
            node.get("offending").forEach(o -> offending.add(o.asText()));
        }
        return new Case(file, node.get("name").asText(), node.get("twin").asText(),
                node.path("account").asText("111111111111"), node.get("parameters"), node.get("expected").asText(),
                offending, policy.isTextual() ? policy.asText() : JSON.writeValueAsString(policy));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caseHasItsExpectedVerdict(Case c) throws IOException {
        String parameters = c.parameters() == null ? null : JSON.writeValueAsString(c.parameters());
        if (c.expected().equals("PARSE_ERROR")) {
            assertThatThrownBy(() -> new VerdictEngine(RuleParameters.parse(parameters), CLOCK)
                    .evaluate(TrustPolicy.parse(c.policy()), RoleContext.ofAccount(c.account())))
                    .isInstanceOfAny(PolicyParseException.class, ParameterException.class)
                    .message().isNotBlank();
            return;
        }
        VerdictEngine engine = new VerdictEngine(RuleParameters.parse(parameters), CLOCK);
        Evaluation evaluation = engine.evaluate(TrustPolicy.parse(c.policy()), RoleContext.ofAccount(c.account()));

        assertThat(evaluation.compliance()).as(evaluation.annotation()).hasToString(c.expected());
        assertThat(evaluation.annotation()).isNotBlank().hasSizeLessThanOrEqualTo(256);
        for (String principal : c.offending()) {
            assertThat(evaluation.annotation()).as("annotation names the offending principal").contains(principal);
        }
    }

    @Test
    void everyCaseHasATwinWithADifferentVerdict() {
        Map<String, Case> byName = new HashMap<>();
        for (Case c : cases()) {
            assertThat(byName.put(c.name(), c)).as("duplicate case name " + c.name()).isNull();
        }
        assertThat(byName).hasSizeGreaterThanOrEqualTo(150);
        for (Case c : byName.values()) {
            assertThat(byName).as(c.name() + " names a twin that exists").containsKey(c.twin());
            assertThat(byName.get(c.twin()).expected()).as(c.name() + " differs from its twin").isNotEqualTo(c.expected());
        }
    }
}
