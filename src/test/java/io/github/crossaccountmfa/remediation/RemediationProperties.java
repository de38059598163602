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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Properties of {@link PolicyRemediator} over random trust policies and rule parameters. */
class RemediationProperties {
    private static final RoleContext ROLE = RoleContext.ofAccount(PolicyGenerators.OWN_ACCOUNT);
    private static final int EXAMPLES = 3000;

    @Test
    void remediatedPolicyIsNeverNonCompliantAdmitsNoCallerTheOriginalDidNotAndLeavesInternalAccessAndSidsAlone() {
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
                    String fixed = remediation.document().orElse(policy);
                    RewriteChecks.assertInternalAccessUnchanged(policy, fixed,
                            RewriteChecks.internalAccounts(ROLE, RuleParameters.parse(parameters)));
                    assertNoSidAdded(policy, fixed);
                    if (remediation.before().compliance() != Compliance.NON_COMPLIANT) {
                        assertThat(remediation.document()).as("a policy that is not NON_COMPLIANT is left alone").isEmpty();
                        assertThat(remediation.after()).isEqualTo(remediation.before());
                    } else {
                        assertThat(remediation.document()).isPresent();
                    }
                });
    }

    @Test
    void remediatingTwiceChangesNothingTheSecondTimeAndNeitherRewriteTouchesInternalAccessOrRepeatsASid() {
        qt().withExamples(EXAMPLES / 2)
                .forAll(PolicyGenerators.trustPolicies(), PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) -> {
                    PolicyRemediator remediator = new PolicyRemediator(engine(parameters));
                    String once = remediator.remediate(policy, ROLE).document().orElse(policy);

                    Remediation twice = remediator.remediate(once, ROLE);

                    assertThat(twice.changed()).as(once).isFalse();
                    assertThat(twice.changes()).isEmpty();
                    RewriteChecks.assertInternalAccessUnchanged(policy, twice.document().orElse(once),
                            RewriteChecks.internalAccounts(ROLE, RuleParameters.parse(parameters)));
                    assertNoSidAdded(policy, twice.document().orElse(once));
                });
    }

    @Test
    void generatedPoliciesCoverEveryVerdictAndBothHardRewritesOften() {
        Map<Compliance, Integer> seen = new EnumMap<>(Compliance.class);
        int[] pinned = {0};
        int[] sidTaken = {0};
        qt().withExamples(1000).forAll(PolicyGenerators.trustPolicies(), PolicyGenerators.ruleParameters())
                .checkAssert((policy, parameters) -> {
                    seen.merge(verdict(policy, parameters).compliance(), 1, Integer::sum);
                    Remediation remediation = new PolicyRemediator(engine(parameters)).remediate(policy, ROLE);
                    String changes = String.join("\n", remediation.changes());
                    pinned[0] += changes.contains("callers of the own and trusted accounts") ? 1 : 0;
                    sidTaken[0] += remediation.document().filter(d -> d.contains("RequireMfa2")).isPresent() ? 1 : 0;
                });

        assertThat(seen).containsOnlyKeys(Compliance.values());
        assertThat(seen.values()).as("verdict counts %s", seen).allMatch(count -> count >= 50);
        // The two rewrites that went wrong before: own-account callers behind "*" and a copy's Sid already taken.
        assertThat(pinned[0]).as("rewrites that keep internal callers' access in a pinned statement").isGreaterThan(20);
        assertThat(sidTaken[0]).as("rewrites whose copy's first-choice Sid was taken").isGreaterThan(5);
    }

    /** Sids the rewrite adds are unique; Sids the original repeats (IAM would have refused it) may stay repeated. */
    private static void assertNoSidAdded(String before, String after) {
        List<String> original = RewriteChecks.sids(before);
        List<String> added = new ArrayList<>(RewriteChecks.sids(after));
        original.forEach(added::remove);
        assertThat(added).as("Sids added to %s", after).doesNotHaveDuplicates()
                .allSatisfy(sid -> assertThat(original).doesNotContain(sid));
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
