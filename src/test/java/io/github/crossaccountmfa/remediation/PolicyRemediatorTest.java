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
