package io.github.crossaccountmfa.rule;

import static io.github.crossaccountmfa.rule.RequestEvaluator.Decision.ALLOW;
import static io.github.crossaccountmfa.rule.RequestEvaluator.Decision.EXPLICIT_DENY;
import static io.github.crossaccountmfa.rule.RequestEvaluator.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.policy.TrustPolicy;
import org.junit.jupiter.api.Test;

/**
 * The differential test's exclusions explain exactly their own class: a disagreement on the construct in the
 * simulator's direction, and nothing else (each beside its twin that stays unexplained).
 */
class AmbiguityTest {
    private static final Request BOB = Request.user("222222222222", "ops/bob")
            .with("aws:SourceIp", "198.51.100.7")
            .with("aws:PrincipalOrgID", "o-bbbbbbbbbb").with("aws:PrincipalOrgPaths", "o-bbbbbbbbbb/r-ab12/");

    private static RequestGenerator.Case allowWhen(String condition) {
        return new RequestGenerator.Case("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":" + condition + "}}", BOB);
    }

    private static RequestEvaluator.Decision ours(RequestGenerator.Case c) {
        return RequestEvaluator.decide(TrustPolicy.parse(c.policy()), c.request());
    }

    @Test
    void anArnOperatorOnAValueThatIsNotAnArnExplainsTheSimulatorsDeny() {
        RequestGenerator.Case c = allowWhen("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"*ci-*\"}}");
        assertThat(ours(c)).isEqualTo(ALLOW);
        assertThat(Ambiguity.of(c, IMPLICIT_DENY)).containsExactly(Ambiguity.ARN_OPERATOR_WITH_A_VALUE_THAT_IS_NOT_AN_ARN);
        assertThat(Ambiguity.of(c, EXPLICIT_DENY)).isEmpty();
        RequestGenerator.Case arn = allowWhen("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/ci-*\"}}");
        assertThat(ours(arn)).isEqualTo(ALLOW);
        assertThat(Ambiguity.of(arn, IMPLICIT_DENY)).isEmpty();
    }

    @Test
    void aPlainOperatorOnAMultivaluedKeyExplainsTheSimulatorsDeny() {
        RequestGenerator.Case c = allowWhen("{\"StringNotLike\":{\"aws:PrincipalOrgPaths\":\"o-aaaaaaaaaa/*\"}}");
        assertThat(ours(c)).isEqualTo(ALLOW);
        assertThat(Ambiguity.of(c, IMPLICIT_DENY)).containsExactly(Ambiguity.PLAIN_OPERATOR_ON_A_MULTIVALUED_KEY);
        RequestGenerator.Case set = allowWhen(
                "{\"ForAllValues:StringNotLike\":{\"aws:PrincipalOrgPaths\":\"o-aaaaaaaaaa/*\"}}");
        assertThat(ours(set)).isEqualTo(ALLOW);
        assertThat(Ambiguity.of(set, IMPLICIT_DENY)).isEmpty();
    }

    @Test
    void theSimulatorsZeroPrefixExplainsItsDenyOnlyForAZeroPrefix() {
        RequestGenerator.Case c = allowWhen("{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}");
        assertThat(ours(c)).isEqualTo(ALLOW);
        assertThat(Ambiguity.of(c, IMPLICIT_DENY)).containsExactly(Ambiguity.IPV4_PREFIX_ZERO_IN_THE_SIMULATOR);
        RequestGenerator.Case block = allowWhen("{\"IpAddress\":{\"aws:SourceIp\":\"198.51.100.0/24\"}}");
        assertThat(ours(block)).isEqualTo(ALLOW);
        assertThat(Ambiguity.of(block, IMPLICIT_DENY)).isEmpty();
    }
}
