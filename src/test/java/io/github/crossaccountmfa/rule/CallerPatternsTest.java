package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Candidate callers from patterns of any shape, and the accounts that share one search. */
class CallerPatternsTest {
    private static final RoleContext SELF = RoleContext.ofAccount("111111111111");
    private static final String ROLE_PREFIX = "arn:aws:iam::222222222222:role/";
    private final VerdictEngine engine = new VerdictEngine(RuleParameters.DEFAULTS, PolicyCorpus.CLOCK);

    private Evaluation evaluate(String principals, String condition) {
        return engine.evaluate(TrustPolicy.parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":%s},
                 "Action":"sts:AssumeRole","Condition":%s}]}""".formatted(principals, condition)), SELF);
    }

    @Test
    void aPatternWithoutArnPrefixIsCompletedAfterTheRolePrefix() {
        assertThat(Callers.completions("*:role/ci-*", ROLE_PREFIX)).contains("ci-", "ci-z");
    }

    @Test
    void aNameSuffixPatternIsCompletedToTheName() {
        assertThat(Callers.completions("*/github-actions-*", ROLE_PREFIX)).contains("github-actions-");
    }

    @Test
    void aSessionArnPatternHasNoCompletionAfterAnIamPrefix() {
        assertThat(Callers.completions("arn:aws:sts::*:assumed-role/*", ROLE_PREFIX)).isEmpty();
    }

    @ParameterizedTest(name = "{0} account-blind: {1}")
    @CsvSource({
            "*:role/ci-*, true",
            "*:role/ci-1-*, true",
            "*/deploy-12*, true",
            "arn:aws:iam::*:role/ci-1-*, true",
            "*1*, false",
            "*1:role/*, false",
            "*:2222*, false",
            "arn:aws:iam::222222222222:role/x, false"})
    void accountBlindPatternsMatchEveryAccountAlike(String pattern, boolean blind) {
        assertThat(Callers.accountBlind(pattern, "aws")).isEqualTo(blind);
    }

    @Test
    void everyAccountOfAClassIsNamedWhenAPatternAdmitsTheirRoles() {
        Evaluation evaluation = evaluate("[\"222222222222\",\"333333333333\",\"444444444444\"]",
                "{\"StringLike\":{\"aws:PrincipalArn\":\"*:role/ci-*\"}}");

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.findings()).filteredOn(f -> f.kind() == Finding.Kind.NO_MFA)
                .extracting(Finding::principal).containsExactly("222222222222", "333333333333", "444444444444");
    }

    @Test
    void accountsAPatternTellsApartByTheirDigitsAreSearchedEachOnItsOwn() {
        Evaluation evaluation = evaluate("[\"200000000001\",\"200000000002\"]",
                "{\"StringLike\":{\"aws:PrincipalArn\":\"*1:role/*\"}}");

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.findings()).filteredOn(f -> f.kind() == Finding.Kind.NO_MFA)
                .extracting(Finding::principal).containsExactly("200000000001");
    }

    @Test
    void theAccountsOfAClassKeepTheirOwnVerdictWhenADenyNamesOne() {
        Evaluation evaluation = engine.evaluate(TrustPolicy.parse("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":["222222222222","333333333333"]},"Action":"sts:AssumeRole",
                  "Condition":{"StringLike":{"aws:PrincipalArn":"*:role/ci-*"}}},
                 {"Effect":"Deny","Principal":{"AWS":"333333333333"},"Action":"sts:AssumeRole"}]}"""), SELF);

        assertThat(evaluation.findings()).filteredOn(f -> f.kind() == Finding.Kind.NO_MFA)
                .extracting(Finding::principal).isEqualTo(List.of("222222222222"));
    }
}
