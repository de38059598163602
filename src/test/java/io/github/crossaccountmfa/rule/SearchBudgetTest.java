package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import org.junit.jupiter.api.Test;

/**
 * A policy whose Deny statements are too many to search exhaustively: undecided requests are allowed (fail closed)
 * and a finding says so. Its twin, small enough to search, is decided exactly and carries no such note.
 */
class SearchBudgetTest {
    private static final VerdictEngine ENGINE = new VerdictEngine(RuleParameters.DEFAULTS, PolicyCorpus.CLOCK);
    private static final RoleContext ROLE = RoleContext.ofAccount("111111111111");
    private static final String NOTE = "The policy's conditions are too many to search exhaustively; undecided "
            + "requests were allowed";

    /**
     * An Allow that needs {@code sts:ExternalId} "x"; {@code escapable} Denies that a request dodges by leaving out
     * either of two request tags (two ways each); a last Deny on that very external id, which no request that
     * satisfies the Allow can dodge. Every combination of the first Denies' escapes must be tried before that is
     * known: 2^escapable of them.
     */
    private static TrustPolicy policy(int escapable) {
        StringBuilder statements = new StringBuilder("""
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole",
                 "Condition":{"StringEquals":{"sts:ExternalId":"x"}}}""");
        for (int i = 0; i < escapable; i++) {
            statements.append(",{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":"
                    + "{\"StringEquals\":{\"aws:RequestTag/a%d\":\"v\",\"aws:RequestTag/b%d\":\"v\"}}}".formatted(i, i));
        }
        statements.append(",{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x\"}}}");
        return TrustPolicy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    @Test
    void aPolicyTooLargeToSearchIsNonCompliantAndSaysThatTheSearchStopped() {
        Evaluation evaluation = ENGINE.evaluate(policy(19), ROLE);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.UNCERTAIN_CONDITION);
            assertThat(f.message()).isEqualTo(NOTE);
        });
    }

    @Test
    void itsTwinSmallEnoughToSearchIsDecidedExactlyWithoutTheNote() {
        Evaluation evaluation = ENGINE.evaluate(policy(5), ROLE);

        assertThat(evaluation.compliance()).as("the last Deny stops every request the Allow lets through")
                .isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(evaluation.findings()).noneSatisfy(f -> assertThat(f.message()).isEqualTo(NOTE));
    }
}
