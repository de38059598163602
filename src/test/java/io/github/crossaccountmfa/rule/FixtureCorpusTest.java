package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import io.github.crossaccountmfa.testing.PolicyCorpus.Case;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the trust-policy corpus under {@code src/test/resources/cases}: every case names its expected verdict and a
 * twin with a different verdict, so each rule is pinned from both sides.
 */
class FixtureCorpusTest {

    static List<Case> cases() {
        return PolicyCorpus.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caseHasItsExpectedVerdict(Case c) {
        String parameters = c.parameters().orElse(null);
        if (c.expected().equals("PARSE_ERROR")) {
            assertThatThrownBy(() -> new VerdictEngine(RuleParameters.parse(parameters), PolicyCorpus.CLOCK)
                    .evaluate(TrustPolicy.parse(c.policy()), RoleContext.ofAccount(c.account())))
                    .isInstanceOfAny(PolicyParseException.class, ParameterException.class)
                    .message().isNotBlank();
            return;
        }
        VerdictEngine engine = new VerdictEngine(RuleParameters.parse(parameters), PolicyCorpus.CLOCK);
        Evaluation evaluation = engine.evaluate(TrustPolicy.parse(c.policy()), RoleContext.ofAccount(c.account()));

        assertThat(evaluation.compliance()).as(evaluation.annotation()).hasToString(c.expected());
        assertThat(evaluation.annotation()).isNotBlank().hasSizeLessThanOrEqualTo(256);
        for (String principal : c.offending()) {
            assertThat(evaluation.annotation()).as("annotation names the offending principal").contains(principal);
        }
        c.publicTrust().ifPresent(expected -> {
            assertThat(evaluation.findings().stream().anyMatch(f -> f.kind() == Finding.Kind.PUBLIC_TRUST))
                    .as("PUBLIC_TRUST finding").isEqualTo(expected);
            assertThat(evaluation.annotation().startsWith("Public trust: ")).as("annotation starts with public trust")
                    .isEqualTo(expected);
        });
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
