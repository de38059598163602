package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import io.github.crossaccountmfa.testing.PolicyGenerators;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/** Properties of the verdict engine over generated trust policies (QuickTheories). */
class EngineProperties {
    private static final int EXAMPLES = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final RoleContext ROLE = RoleContext.ofAccount(PolicyGenerators.OWN_ACCOUNT);

    private static Evaluation evaluate(String policy, String parameters) {
        return new VerdictEngine(RuleParameters.parse(parameters), PolicyCorpus.CLOCK)
                .evaluate(TrustPolicy.parse(policy), ROLE);
    }

    @Test
    void requiringMfaOnEveryAllowNeverLeavesItNonCompliant() {
        qt().withExamples(EXAMPLES)
                .forAll(PolicyGenerators.trustPolicies(), PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) -> {
                    String withMfa = mutateStatements(policy, statement -> {
                        if (statement.path("Effect").asText().equals("Allow")) {
                            ObjectNode condition = statement.has("Condition")
                                    ? (ObjectNode) statement.get("Condition") : statement.putObject("Condition");
                            ObjectNode bool = condition.has("Bool")
                                    ? (ObjectNode) condition.get("Bool") : condition.putObject("Bool");
                            bool.put("aws:MultiFactorAuthPresent", "true");
                        }
                    });
                    assertThat(evaluate(withMfa, parameters).compliance()).as(withMfa)
                            .isNotEqualTo(Compliance.NON_COMPLIANT);
                });
    }

    @Test
    void anUnconditionalAllowForAForeignAccountWithoutDeniesIsAlwaysNonCompliant() {
        // Only an explicit Deny can stop an unconditional Allow, so the property is stated on the Allow statements.
        qt().withExamples(EXAMPLES)
                .forAll(PolicyGenerators.trustPolicies(), PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) -> {
                    String opened = addStatement(removeStatements(policy, "Deny"), """
                            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999990:root"},"Action":"sts:AssumeRole"}""");
                    Evaluation evaluation = evaluate(opened, parameters);
                    assertThat(evaluation.compliance()).as(opened).isEqualTo(Compliance.NON_COMPLIANT);
                    assertThat(evaluation.findings()).as(opened).anySatisfy(f -> {
                        assertThat(f.kind()).isEqualTo(Finding.Kind.NO_MFA);
                        assertThat(f.principal()).isEqualTo("arn:aws:iam::999999999990:root");
                    });
                });
    }

    @Test
    void denyingEveryRequestWithoutMfaMakesItNeverNonCompliant() {
        qt().withExamples(EXAMPLES)
                .forAll(PolicyGenerators.trustPolicies(), PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) -> {
                    String guarded = addStatement(policy, """
                            {"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole",
                             "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}""");
                    assertThat(evaluate(guarded, parameters).compliance()).as(guarded)
                            .isNotEqualTo(Compliance.NON_COMPLIANT);
                });
    }

    @Test
    void urlEncodingNeverChangesTheVerdict() {
        qt().withExamples(EXAMPLES)
                .forAll(PolicyGenerators.trustPolicies(), PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) -> {
                    String encoded = URLEncoder.encode(policy, StandardCharsets.UTF_8).replace("+", "%20");
                    assertThat(evaluate(encoded, parameters)).isEqualTo(evaluate(policy, parameters));
                });
    }

    @Test
    void annotationIsNeverEmptyNorLongerThan256() {
        qt().withExamples(EXAMPLES)
                .forAll(PolicyGenerators.trustPolicies(8), PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) ->
                        assertThat(evaluate(policy, parameters).annotation()).isNotBlank().hasSizeLessThanOrEqualTo(256));
    }

    @Test
    void readerThrowsOnlyItsOwnParseErrorOnArbitraryJson() {
        qt().withExamples(EXAMPLES * 2)
                .forAll(arbitraryJson())
                .checkAssert(text -> assertThatCode(() -> {
                    try {
                        new VerdictEngine(RuleParameters.DEFAULTS).evaluate(TrustPolicy.parse(text), ROLE);
                    } catch (PolicyParseException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                }).as(text).doesNotThrowAnyException());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static String mutateStatements(String policy, java.util.function.Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(policy);
            for (JsonNode statement : statements(root)) {
                change.accept((ObjectNode) statement);
            }
            return JSON.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String removeStatements(String policy, String effect) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(policy);
            ArrayNode kept = NODES.arrayNode();
            for (JsonNode statement : statements(root)) {
                if (!statement.path("Effect").asText().equals(effect)) {
                    kept.add(statement);
                }
            }
            root.set("Statement", kept);
            return JSON.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String addStatement(String policy, String statement) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(policy);
            ArrayNode all = NODES.arrayNode();
            statements(root).forEach(all::add);
            all.add(JSON.readTree(statement));
            root.set("Statement", all);
            return JSON.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> statements(ObjectNode root) {
        JsonNode statement = root.get("Statement");
        if (statement.isArray()) {
            List<JsonNode> list = new java.util.ArrayList<>();
            statement.forEach(list::add);
            return list;
        }
        return List.of(statement);
    }

    /** Random JSON built from the policy vocabulary, so that many documents get deep into the reader. */
    private static Gen<String> arbitraryJson() {
        List<String> keys = List.of("Version", "Statement", "Effect", "Principal", "NotPrincipal", "Action",
                "NotAction", "Condition", "AWS", "Service", "Federated", "Sid", "Bool", "StringLike",
                "ForAnyValue:StringEquals", "NullIfExists", "aws:MultiFactorAuthPresent", "Resource", "x");
        List<String> strings = List.of("2012-10-17", "Allow", "Deny", "*", "sts:AssumeRole", "222222222222",
                "arn:aws:iam::222222222222:root", "arn:aws:iam::*:root", "arn:aws:sts::1:assumed-role/a",
                "AROAEXAMPLE1234567890", "true", "", "%7B", "o-abc", "${aws:username}");
        return in -> {
            JsonNode node = randomNode(in, keys, strings, 0);
            String text = node.toString();
            long mode = in.next(Constraint.between(0, 9));
            if (mode == 0) {
                return URLEncoder.encode(text, StandardCharsets.UTF_8);
            }
            if (mode == 1 && text.length() > 2) {
                return text.substring(0, (int) in.next(Constraint.between(1, text.length() - 1)));
            }
            return text;
        };
    }

    private static JsonNode randomNode(org.quicktheories.core.RandomnessSource in, List<String> keys,
                                       List<String> strings, int depth) {
        int kind = (int) in.next(Constraint.between(0, depth >= 5 ? 3 : 6));
        return switch (kind) {
            case 0 -> NODES.textNode(strings.get((int) in.next(Constraint.between(0, strings.size() - 1))));
            case 1 -> NODES.numberNode(in.next(Constraint.between(-5, 999_999_999_999L)));
            case 2 -> NODES.booleanNode(in.next(Constraint.between(0, 1)) == 1);
            case 3 -> NODES.nullNode();
            case 4 -> {
                ArrayNode array = NODES.arrayNode();
                long size = in.next(Constraint.between(0, 3));
                for (int i = 0; i < size; i++) {
                    array.add(randomNode(in, keys, strings, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                long size = in.next(Constraint.between(0, 4));
                for (int i = 0; i < size; i++) {
                    object.set(keys.get((int) in.next(Constraint.between(0, keys.size() - 1))),
                            randomNode(in, keys, strings, depth + 1));
                }
                yield object;
            }
        };
    }
}
