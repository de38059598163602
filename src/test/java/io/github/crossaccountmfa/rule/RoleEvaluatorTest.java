package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleEvaluatorTest {
    private static final String OPEN = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"222222222222\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String MFA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"222222222222\"},\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}";

    private final List<String> lookups = new ArrayList<>();
    private final RoleEvaluator.TagLookup tags = role -> {
        lookups.add(role.name());
        return Map.of("mfa-exempt", "vendor automation, ticket SEC-12");
    };

    private static RoleRecord role(String path, String policy) {
        return new RoleRecord("partner", "AROAEXAMPLE123456789", "arn:aws:iam::111111111111:role" + path + "partner",
                path, policy, Optional.empty());
    }

    private static RoleEvaluator evaluator(String parameters) {
        return new RoleEvaluator(new VerdictEngine(RuleParameters.parse(parameters)));
    }

    @Test
    void serviceLinkedRoleIsNotApplicable() {
        Evaluation evaluation = evaluator("{}").evaluate(role("/aws-service-role/config.amazonaws.com/", OPEN), tags);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(evaluation.annotation()).startsWith("Service-linked role");
    }

    @Test
    void exemptionTagMakesANonCompliantRoleNotApplicableQuotingTheReason() {
        Evaluation evaluation = evaluator("{\"ExemptionTagKey\":\"mfa-exempt\"}").evaluate(role("/", OPEN), tags);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(evaluation.annotation()).startsWith("Exempt by tag mfa-exempt: vendor automation, ticket SEC-12 (otherwise: Assumable");
        assertThat(lookups).containsExactly("partner");
    }

    @Test
    void tagsAreNotLookedUpForACompliantRole() {
        Evaluation evaluation = evaluator("{\"ExemptionTagKey\":\"mfa-exempt\"}").evaluate(role("/", MFA), tags);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(lookups).isEmpty();
    }

    @Test
    void tagsAreNotLookedUpWithoutAnExemptionKey() {
        Evaluation evaluation = evaluator("{}").evaluate(role("/", OPEN), tags);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(lookups).isEmpty();
    }

    @Test
    void knownTagsAreUsedWithoutALookup() {
        RoleRecord withTags = new RoleRecord("partner", "AROAEXAMPLE123456789", "arn:aws:iam::111111111111:role/partner",
                "/", OPEN, Optional.of(Map.of("other", "x")));

        Evaluation evaluation = evaluator("{\"ExemptionTagKey\":\"mfa-exempt\"}").evaluate(withTags, tags);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(lookups).isEmpty();
    }

    @Test
    void emptyTrustPolicyFailsClosed() {
        Evaluation evaluation = evaluator("{}").evaluate(role("/", ""), tags);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.annotation()).contains("could not be parsed");
    }
}
