package io.github.crossaccountmfa.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyRemediatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RoleContext SELF = RoleContext.ofAccount("111111111111");
    private final VerdictEngine engine = new VerdictEngine(RuleParameters.DEFAULTS, PolicyCorpus.CLOCK);
    private final PolicyRemediator remediator = new PolicyRemediator(engine);

    static java.util.List<PolicyCorpus.Case> nonCompliantCases() {
        return PolicyCorpus.cases().stream()
                .filter(c -> c.expected().equals("NON_COMPLIANT") && c.parameters().isEmpty())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonCompliantCases")
    void remediatedFixtureIsNoLongerNonCompliantAndGrantsNothingNew(PolicyCorpus.Case c) {
        RoleContext role = RoleContext.ofAccount(c.account());
        Remediation remediation = remediator.remediate(c.policy(), role);

        assertThat(remediation.changed()).isTrue();
        assertThat(remediation.after().compliance()).isNotEqualTo(Compliance.NON_COMPLIANT);
        TrustPolicy before = TrustPolicy.parse(c.policy());
        TrustPolicy after = TrustPolicy.parse(remediation.document().orElseThrow());
        Set<?> added = new HashSet<>(engine.admissions(after, before, role));
        added.removeAll(engine.admissions(before, after, role));
        assertThat(added).isEmpty();
        assertThat(remediation.changes()).isNotEmpty();
        RewriteChecks.assertInternalAccessUnchanged(c.policy(), remediation.document().orElseThrow(),
                RewriteChecks.internalAccounts(role, RuleParameters.DEFAULTS));
        if (RewriteChecks.sids(c.policy()).size() == Set.copyOf(RewriteChecks.sids(c.policy())).size()) {
            RewriteChecks.assertSidsUnique(remediation.document().orElseThrow());
        }
    }

    /** Found by RemediationProperties: the account named beside * was missed, so its principal kept no-MFA access. */
    @Test
    void anAccountNamedBesideStarAndElsewhereWithMfaIsRemediatedToo() {
        String policy = """
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":["111111111111","222222222222","arn:aws:iam::333333333333:root"]},
                  "Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}},
                 {"Effect":"Allow","Principal":{"AWS":["111111111111","arn:aws:iam::333333333333:root","*"]},
                  "Action":"sts:AssumeRole"}]}""";

        Remediation remediation = remediator.remediate(policy, SELF);

        assertThat(remediation.before().compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(remediation.after().compliance()).isEqualTo(Compliance.COMPLIANT);
    }

    @Test
    void aCopysSidNeverRepeatsOneAlreadyInThePolicy() throws Exception {
        String policy = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"A","Effect":"Allow","Principal":{"AWS":["111111111111","222222222222"]},"Action":"sts:AssumeRole"},
                 {"Sid":"ARequireMfa","Effect":"Allow","Principal":{"AWS":["333333333333","111111111111"]},
                  "Action":"sts:AssumeRole"}]}""";

        Remediation remediation = remediator.remediate(policy, SELF);

        JsonNode statements = JSON.readTree(remediation.document().orElseThrow()).get("Statement");
        assertThat(statements).extracting(s -> s.get("Sid").asText())
                .containsExactly("A", "ARequireMfa2", "ARequireMfa", "ARequireMfaRequireMfa");
        RewriteChecks.assertSidsUnique(remediation.document().orElseThrow());
    }

    @Test
    void aWildcardStatementKeepsTheOwnAndTrustedAccountsAccessInAPinnedStatementAndRequiresMfaOfEveryoneElse()
            throws Exception {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"Anyone","Effect":"Allow","Principal":{"AWS":"*"},
                 "Action":"sts:AssumeRole"}]}""";
        VerdictEngine trusting = new VerdictEngine(RuleParameters.parse("{\"TrustedAccountIds\":\"333333333333\"}"),
                PolicyCorpus.CLOCK);

        Remediation remediation = new PolicyRemediator(trusting).remediate(policy, SELF);

        JsonNode statements = JSON.readTree(remediation.document().orElseThrow()).get("Statement");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).get("Sid").asText()).isEqualTo("Anyone");
        assertThat(statements.get(0).at("/Condition/StringEquals/aws:PrincipalAccount"))
                .extracting(JsonNode::asText).containsExactly("111111111111", "333333333333");
        assertThat(statements.get(0).at("/Condition/Bool").isMissingNode()).isTrue();
        assertThat(statements.get(1).get("Sid").asText()).isEqualTo("AnyoneRequireMfa");
        assertThat(statements.get(1).at("/Condition/Bool/aws:MultiFactorAuthPresent").asText()).isEqualTo("true");
        assertThat(statements.get(1).at("/Condition/StringEquals").isMissingNode()).isTrue();
        assertThat(remediation.after().compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(remediation.changes()).first().asString()
                .startsWith("statement 1: now only for callers of the own and trusted accounts (aws:PrincipalAccount "
                        + "111111111111, 333333333333), which keep their access without MFA; a new statement 2");
        RewriteChecks.assertInternalAccessUnchanged(policy, remediation.document().orElseThrow(),
                Set.of("111111111111", "333333333333"));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            principal pattern on any account | {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/ci-*"}}}
            NotPrincipal                     | {"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::444444444444:root"},"Action":"sts:AssumeRole"}
            wildcard with an external id     | {"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}}
            wildcard beside a service        | {"Effect":"Allow","Principal":{"AWS":"*","Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}
            """)
    void ownAccountCallersSelectedByAnyAccountPrincipalKeepTheirAccessWithoutMfa(String what, String statement) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";

        Remediation remediation = remediator.remediate(policy, SELF);

        assertThat(remediation.after().compliance()).isNotEqualTo(Compliance.NON_COMPLIANT);
        RewriteChecks.assertInternalAccessUnchanged(policy, remediation.document().orElseThrow(),
                Set.of("111111111111"));
        RewriteChecks.assertSidsUnique(remediation.document().orElseThrow());
    }

    @Test
    void anAccountTestAlreadyInTheStatementIsIntersectedWithTheOwnAccounts() throws Exception {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole",
                 "Condition":{"StringEquals":{"aws:principalaccount":["111111111111","222222222222"]}}}]}""";

        Remediation remediation = remediator.remediate(policy, SELF);

        JsonNode statements = JSON.readTree(remediation.document().orElseThrow()).get("Statement");
        assertThat(statements.get(0).at("/Condition/StringEquals/aws:principalaccount").asText())
                .isEqualTo("111111111111");
        assertThat(statements.get(1).at("/Condition/StringEquals/aws:principalaccount"))
                .extracting(JsonNode::asText).containsExactly("111111111111", "222222222222");
        RewriteChecks.assertInternalAccessUnchanged(policy, remediation.document().orElseThrow(),
                Set.of("111111111111"));
    }

    @Test
    void aRewriteLargerThanIamAcceptsIsRefusedAndOneOverTheDefaultQuotaSaysSo() {
        // Each statement names a foreign account beside the own one, so each is split in two.
        StringBuilder big = new StringBuilder();
        StringBuilder medium = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            String statement = "{\"Sid\":\"S%02d\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"111111111111\",\"2222222222%02d\"]},\"Action\":\"sts:AssumeRole\"}"
                    .formatted(i, i);
            big.append(i == 0 ? "" : ",").append(statement);
            if (i < 14) {
                medium.append(i == 0 ? "" : ",").append(statement);
            }
        }
        String tooBig = "{\"Version\":\"2012-10-17\",\"Statement\":[" + big + "]}";
        String overDefault = "{\"Version\":\"2012-10-17\",\"Statement\":[" + medium + "]}";
        assertThat(tooBig.length()).isLessThan(TrustPolicy.IAM_MAX_TRUST_POLICY_LENGTH);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> remediator.remediate(tooBig, SELF))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than IAM accepts in a trust policy (4096 when the quota is raised, "
                        + "2048 by default)");
        Remediation remediation = remediator.remediate(overDefault, SELF);
        assertThat(remediation.changes()).last().asString()
                .startsWith("note: the new policy has").contains("more than IAM's default quota of 2048");
    }

    @Test
    void boolIfExistsIsUpgradedToBool() throws Exception {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole",
                 "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]}""";

        Remediation remediation = remediator.remediate(policy, SELF);

        JsonNode fixed = JSON.readTree(remediation.document().orElseThrow());
        JsonNode condition = fixed.at("/Statement/0/Condition");
        assertThat(condition.at("/Bool/aws:MultiFactorAuthPresent").asText()).isEqualTo("true");
        assertThat(condition.has("BoolIfExists")).isFalse();
        assertThat(fixed.at("/Statement/0/Sid").asText()).isEqualTo("Partner");
        assertThat(remediation.after().compliance()).isEqualTo(Compliance.COMPLIANT);
    }

    @Test
    void ownAccountKeepsItsAccessWhenAForeignAccountIsSplitOff() throws Exception {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"AWS":["arn:aws:iam::111111111111:root","arn:aws:iam::222222222222:root"],
                              "Service":"ec2.amazonaws.com"},
                 "Action":"sts:AssumeRole"}]}""";

        Remediation remediation = remediator.remediate(policy, SELF);

        JsonNode statements = JSON.readTree(remediation.document().orElseThrow()).get("Statement");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::111111111111:root");
        assertThat(statements.get(0).at("/Principal/Service").asText()).isEqualTo("ec2.amazonaws.com");
        assertThat(statements.get(0).has("Condition")).isFalse();
        assertThat(statements.get(1).at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::222222222222:root");
        assertThat(statements.get(1).at("/Condition/Bool/aws:MultiFactorAuthPresent").asText()).isEqualTo("true");
    }

    @Test
    void changesReadTopToBottomAndNameStatementsByTheirNumberInTheNewPolicy() throws Exception {
        String policy = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Vendor","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root",
                  "arn:aws:iam::222222222222:role/vendor-sync"]},"Action":"sts:AssumeRole"},
                 {"Sid":"Auditor","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:root"},
                  "Action":"sts:AssumeRole","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]}""";

        Remediation remediation = remediator.remediate(policy, SELF);

        JsonNode statements = JSON.readTree(remediation.document().orElseThrow()).get("Statement");
        assertThat(statements).extracting(s -> s.get("Sid").asText())
                .containsExactly("Vendor", "VendorRequireMfa", "Auditor");
        assertThat(remediation.changes()).containsExactly(
                "statement 1: moved arn:aws:iam::222222222222:role/vendor-sync to a new statement 2 that requires MFA;"
                        + " the other principals keep their access",
                "statement 2: added \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
                "statement 3: added \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
                "statement 3: removed BoolIfExists aws:MultiFactorAuthPresent, which let long-term access keys through");
    }

    @Test
    void everyOffendingStatementOfALongPolicyIsSplitInPlace() throws Exception {
        String policy = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"A","Effect":"Allow","Principal":{"AWS":["111111111111","222222222222"]},"Action":"sts:AssumeRole"},
                 {"Sid":"B","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},
                 {"Sid":"C","Effect":"Allow","Principal":{"AWS":["333333333333","111111111111"]},"Action":"sts:AssumeRole"}]}""";

        Remediation remediation = remediator.remediate(policy, SELF);

        JsonNode statements = JSON.readTree(remediation.document().orElseThrow()).get("Statement");
        assertThat(statements).extracting(s -> s.get("Sid").asText())
                .containsExactly("A", "ARequireMfa", "B", "C", "CRequireMfa");
        assertThat(remediation.changes()).first().asString().startsWith("statement 1: moved 222222222222 to a new statement 2");
        assertThat(remediation.changes()).anySatisfy(c -> assertThat(c).startsWith("statement 4: moved 333333333333 to a new statement 5"));
    }

    @Test
    void compliantPolicyIsLeftAlone() {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole",
                 "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""";

        Remediation remediation = remediator.remediate(policy, SELF);

        assertThat(remediation.changed()).isFalse();
        assertThat(remediation.changes()).isEmpty();
        assertThat(remediation.before().compliance()).isEqualTo(Compliance.COMPLIANT);
    }

    @Test
    void urlEncodedPolicyIsRemediatedToPlainJson() {
        String encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C"
                + "%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A210987654321%3Aroot%22%7D%2C%22Action%22"
                + "%3A%22sts%3AAssumeRole%22%7D%5D%7D";

        Remediation remediation = remediator.remediate(encoded, RoleContext.ofAccount("123456789012"));

        assertThat(remediation.document().orElseThrow()).startsWith("{").contains("\"aws:MultiFactorAuthPresent\" : \"true\"");
        assertThat(remediation.after().compliance()).isEqualTo(Compliance.COMPLIANT);
    }
}
