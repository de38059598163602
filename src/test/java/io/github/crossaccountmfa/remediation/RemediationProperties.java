package io.github.crossaccountmfa.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Admission;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import io.github.crossaccountmfa.testing.PolicyGenerators;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Properties of {@link PolicyRemediator} over random trust policies and rule parameters. */
class RemediationProperties {
    private static final RoleContext ROLE = RoleContext.ofAccount(PolicyGenerators.OWN_ACCOUNT);
    private static final int EXAMPLES = 3000;

    @Test
    void remediatedPolicyIsNeverNonCompliantAndAdmitsNoCallerTheOriginalDidNot() {
        // admissions compare (third-party caller, MFA state) pairs on the callers of both versions of the policy
        qt().withExamples(EXAMPLES)
                .forAll(PolicyGenerators.trustPolicies().mix(PolicyGenerators.urlEncodedTrustPolicies(), 20),
                        PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) -> {
                    VerdictEngine engine = engine(parameters);
                    Remediation remediation = new PolicyRemediator(engine).remediate(policy, ROLE);

                    assertThat(remediation.after().compliance()).as(policy).isNotEqualTo(Compliance.NON_COMPLIANT);
                    TrustPolicy before = TrustPolicy.parse(policy);
                    TrustPolicy after = TrustPolicy.parse(remediation.document().orElse(policy));
                    assertThat(added(engine, before, after)).as("new admissions of %s", policy).isEmpty();
                    if (remediation.before().compliance() != Compliance.NON_COMPLIANT) {
                        assertThat(remediation.document()).as("a policy that is not NON_COMPLIANT is left alone").isEmpty();
                        assertThat(remediation.after()).isEqualTo(remediation.before());
                    } else {
                        assertThat(remediation.document()).isPresent();
                    }
                });
    }

    @Test
    void remediatingTwiceChangesNothingTheSecondTime() {
        qt().withExamples(EXAMPLES / 2)
                .forAll(PolicyGenerators.trustPolicies(), PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) -> {
                    PolicyRemediator remediator = new PolicyRemediator(engine(parameters));
                    String once = remediator.remediate(policy, ROLE).document().orElse(policy);

                    Remediation twice = remediator.remediate(once, ROLE);

                    assertThat(twice.changed()).as(once).isFalse();
                    assertThat(twice.changes()).isEmpty();
                });
    }

    @Test
    void generatedPoliciesCoverEveryVerdictOften() {
        Map<Compliance, Integer> seen = new EnumMap<>(Compliance.class);
        qt().withExamples(1000).forAll(PolicyGenerators.trustPolicies(), PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) -> seen.merge(verdict(policy, parameters).compliance(), 1, Integer::sum));

        assertThat(seen).containsOnlyKeys(Compliance.values());
        assertThat(seen.values()).as("verdict counts %s", seen).allMatch(count -> count >= 50);
    }

    /** Admissions of {@code after} that {@code before} does not have, compared on the callers of both. */
    private static Set<Admission> added(VerdictEngine engine, TrustPolicy before, TrustPolicy after) {
        Set<Admission> added = new LinkedHashSet<>(engine.admissions(after, before, ROLE));
        added.removeAll(engine.admissions(before, after, ROLE));
        return added;
    }

    private static Evaluation verdict(String policy, String parameters) {
        return engine(parameters).evaluate(TrustPolicy.parse(policy), ROLE);
    }

    private static VerdictEngine engine(String parameters) {
        return new VerdictEngine(RuleParameters.parse(parameters), PolicyCorpus.CLOCK);
    }
}
