package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import io.github.crossaccountmfa.testing.PolicyGenerators;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * The verdict engine misses no concrete request: whenever {@link RequestEvaluator} lets a third-party caller assume
 * the role in one concrete request, the verdict says so — NON_COMPLIANT when that request carries no MFA, and at
 * least COMPLIANT (never NOT_APPLICABLE) when it carries MFA. Policies come from {@link RequestGenerator} (the
 * differential test's generator) and from {@link PolicyGenerators}; requests from {@link RequestGenerator}, made
 * by callers outside the trusted accounts and organizations of the generated rule parameters. Offline (no node).
 */
class CompletenessProperties {
    private static final int EXAMPLES = 10_000;
    /** Requests tried against each generated policy. */
    private static final int REQUESTS = 16;
    private static final RoleContext ROLE = RoleContext.ofAccount(RequestGenerator.ROLE_ACCOUNT);

    /** Rule parameters, and the callers that are third parties under them. */
    private record Parameters(String json, Set<String> trustedAccounts, Set<String> trustedOrgs) {
        RequestGenerator.Scope scope() {
            return new RequestGenerator.Scope(
                    RequestGenerator.ACCOUNTS.stream()
                            .filter(a -> !a.equals(RequestGenerator.ROLE_ACCOUNT) && !trustedAccounts.contains(a))
                            .toList(),
                    RequestGenerator.ORGS.stream().filter(o -> !trustedOrgs.contains(o)).toList());
        }
    }

    private static final List<Parameters> PARAMETERS = List.of(
            new Parameters("{}", Set.of(), Set.of()),
            new Parameters("{\"TrustedAccountIds\":\"222222222222\"}", Set.of("222222222222"), Set.of()),
            new Parameters("{\"TrustedOrganizationIds\":\"o-aaaaaaaaaa\"}", Set.of(), Set.of("o-aaaaaaaaaa")),
            new Parameters("{\"TrustedAccountIds\":\"333333333333,444444444444\","
                    + "\"TrustedOrganizationIds\":\"o-bbbbbbbbbb\"}",
                    Set.of("333333333333", "444444444444"), Set.of("o-bbbbbbbbbb")));

    @Test
    void aThirdPartyRequestAllowedWithoutMfaMakesTheRoleNonCompliant() {
        check(false);
    }

    @Test
    void aThirdPartyRequestAllowedWithMfaMakesTheRoleAtLeastCompliant() {
        check(true);
    }

    private static void check(boolean withMfa) {
        qt().withExamples(EXAMPLES)
                .forAll(SourceDSL.longs().all(), SourceDSL.integers().between(0, PARAMETERS.size() - 1),
                        PolicyGenerators.trustPolicies())
                .checkAssert((seed, index, generated) -> {
                    Parameters parameters = PARAMETERS.get(index);
                    RequestGenerator generator = new RequestGenerator(seed, parameters.scope());
                    String document = (seed & 1) == 0 ? generator.policy().toString() : generated;
                    TrustPolicy policy = TrustPolicy.parse(document);
                    Evaluation verdict = null;
                    for (int i = 0; i < REQUESTS; i++) {
                        Request request = generator.request();
                        if (request.withMfa() != withMfa
                                || RequestEvaluator.decide(policy, request) != RequestEvaluator.Decision.ALLOW) {
                            continue;
                        }
                        if (verdict == null) {
                            verdict = new VerdictEngine(RuleParameters.parse(parameters.json()), PolicyCorpus.CLOCK)
                                    .evaluate(policy, ROLE);
                        }
                        String why = document + " with " + parameters.json() + " allows " + request.callerArn()
                                + " (" + request.principalArn() + ") " + request.context() + "; verdict "
                                + verdict.compliance() + ": " + verdict.annotation();
                        if (withMfa) {
                            assertThat(verdict.compliance()).as(why).isNotEqualTo(Compliance.NOT_APPLICABLE);
                        } else {
                            assertThat(verdict.compliance()).as(why).isEqualTo(Compliance.NON_COMPLIANT);
                        }
                    }
                });
    }
}
