package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Annotations and findings: what users read in the Config console and the CLI. */
class VerdictEngineTest {
    private static final RoleContext SELF = RoleContext.ofAccount("111111111111");
    private final VerdictEngine engine = new VerdictEngine(RuleParameters.DEFAULTS, PolicyCorpus.CLOCK);

    private static String allow(String principal, String condition) {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":%s,"Action":"sts:AssumeRole"%s}]}"""
                .formatted(principal, condition.isEmpty() ? "" : ",\"Condition\":" + condition);
    }

    private Evaluation evaluate(String policy) {
        return engine.evaluate(TrustPolicy.parse(policy), SELF);
    }

    @Test
    void nonCompliantAnnotationNamesPrincipalStatementAndAction() {
        Evaluation evaluation = evaluate(allow("{\"AWS\":\"arn:aws:iam::222222222222:root\"}", ""));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.annotation())
                .isEqualTo("Assumable without MFA by arn:aws:iam::222222222222:root (statement 1, sts:AssumeRole)");
        assertThat(evaluation.findings()).first().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.NO_MFA);
            assertThat(f.statement()).contains(1);
            assertThat(f.principal()).isEqualTo("arn:aws:iam::222222222222:root");
            assertThat(f.action()).isEqualTo("sts:AssumeRole");
            assertThat(f.message()).contains("long-term access keys");
        });
    }

    @Test
    void compliantAnnotationSaysMfaIsRequired() {
        Evaluation evaluation = evaluate(allow("{\"AWS\":\"222222222222\"}",
                "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(evaluation.annotation()).isEqualTo("Third-party access requires MFA: 222222222222 (statement 1)");
        assertThat(evaluation.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.MFA_REQUIRED);
    }

    @Test
    void boolIfExistsFindingExplainsWhyItIsNotEnough() {
        Evaluation evaluation = evaluate(allow("{\"AWS\":\"222222222222\"}",
                "{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.findings().get(0).message())
                .contains("BoolIfExists on aws:MultiFactorAuthPresent passes requests made with long-term access keys")
                .contains("use Bool");
    }

    @Test
    void manyOffendingPrincipalsAreCutToTheLimitWithACount() {
        String principals = IntStream.range(0, 40)
                .mapToObj(i -> "\"arn:aws:iam::2222222222%02d:root\"".formatted(i))
                .collect(Collectors.joining(",", "{\"AWS\":[", "]}"));

        Evaluation evaluation = evaluate(allow(principals, ""));

        assertThat(evaluation.annotation()).hasSizeLessThanOrEqualTo(256)
                .startsWith("Assumable without MFA by arn:aws:iam::222222222200:root (statement 1, sts:AssumeRole); ")
                .matches(".*; \\+\\d+ more$");
        assertThat(evaluation.findings()).filteredOn(f -> f.kind() == Finding.Kind.NO_MFA).hasSize(40);
    }

    @Test
    void wildcardPrincipalIsShownAsAnyAccount() {
        Evaluation evaluation = evaluate(allow("\"*\"", ""));

        assertThat(evaluation.annotation())
                .isEqualTo("Public trust: any AWS account can assume this role. "
                        + "Assumable without MFA by * (any AWS account) (statement 1, sts:AssumeRole)");
        assertThat(evaluation.findings().get(0).kind()).isEqualTo(Finding.Kind.PUBLIC_TRUST);
        assertThat(evaluation.findings().get(1).principal()).isEqualTo("*");
    }

    @Test
    void wildcardNarrowedByPrincipalAccountNamesThatAccount() {
        Evaluation evaluation = evaluate(allow("{\"AWS\":\"*\"}",
                "{\"StringEquals\":{\"aws:PrincipalAccount\":\"333333333333\"}}"));

        assertThat(evaluation.annotation()).contains("* (account 333333333333)");
    }

    @Test
    void sameAccountOnlyIsNotApplicableWithTheReason() {
        Evaluation evaluation = evaluate(allow("{\"AWS\":\"arn:aws:iam::111111111111:root\",\"Service\":\"ec2.amazonaws.com\"}", ""));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(evaluation.annotation()).isEqualTo("No third-party AWS principal can assume this role; it trusts "
                + "only own or trusted accounts, AWS services (ec2.amazonaws.com)");
    }

    @Test
    void foreignAccountIsCompliantWhenTrusted() {
        VerdictEngine trusting = new VerdictEngine(RuleParameters.parse("{\"TrustedAccountIds\":\"222222222222\"}"));

        Evaluation evaluation = trusting.evaluate(TrustPolicy.parse(allow("{\"AWS\":\"222222222222\"}", "")), SELF);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
    }

    @Test
    void federatedTrustIsAnInformationalFindingNotAVerdict() {
        Evaluation evaluation = engine.evaluate(TrustPolicy.parse("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},
                 "Action":"sts:AssumeRoleWithWebIdentity"}]}"""), SELF);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(evaluation.annotation()).contains("federated principals (accounts.google.com) are out of scope");
        assertThat(evaluation.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.FEDERATED);
    }

    @Test
    void deletedPrincipalAndNotPrincipalAreReported() {
        Evaluation evaluation = engine.evaluate(TrustPolicy.parse("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":"AROAEXAMPLEDELETED123"},"Action":"sts:AssumeRole"},
                 {"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}"""),
                SELF);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.annotation()).contains("any principal except arn:aws:iam::111111111111:root (statement 2");
        assertThat(evaluation.findings()).extracting(Finding::kind)
                .contains(Finding.Kind.NO_MFA, Finding.Kind.DELETED_PRINCIPAL, Finding.Kind.NOT_PRINCIPAL);
    }

    @Test
    void unknownAccountIsNotedAndEveryNamedAccountIsAThirdParty() {
        Evaluation evaluation = engine.evaluate(TrustPolicy.parse(allow("{\"AWS\":\"111111111111\"}", "")),
                RoleContext.unknown());

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.findings()).extracting(Finding::kind).contains(Finding.Kind.ACCOUNT_UNKNOWN);
    }

    @Test
    void policyVariableIsResolvedInTheCallersFavourAndSaysSo() {
        Evaluation evaluation = evaluate(allow("{\"AWS\":\"222222222222\"}",
                "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"${aws:username}\"}}"));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.findings()).extracting(Finding::kind).contains(Finding.Kind.UNCERTAIN_CONDITION);
    }

    @Test
    void invalidBoolValueIsFlagged() {
        Evaluation evaluation = evaluate(allow("{\"AWS\":\"222222222222\"}",
                "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"yes\"}}"));

        assertThat(evaluation.findings()).extracting(Finding::kind).contains(Finding.Kind.INVALID_CONDITION);
    }

    @Test
    void acceptedExternalIdIsNamedInTheAnnotation() {
        VerdictEngine accepting = new VerdictEngine(RuleParameters.parse("{\"AcceptExternalId\":\"true\"}"));

        Evaluation evaluation = accepting.evaluate(TrustPolicy.parse(allow("{\"AWS\":\"222222222222\"}",
                "{\"StringEquals\":{\"sts:ExternalId\":\"tenant-42\"}}")), SELF);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(evaluation.annotation()).isEqualTo(
                "Third-party access requires an exact sts:ExternalId (AcceptExternalId): 222222222222 (statement 1, sts:ExternalId)");
    }

    @Test
    void unparseableDocumentFailsClosed() {
        Evaluation evaluation = engine.evaluateDocument("{\"Statement\":", SELF);

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(evaluation.annotation()).isEqualTo("Trust policy could not be parsed, so it is not trusted: "
                + "Statement: invalid JSON: the document ends before an object is closed with '}' (line 1, column 14)");
        assertThat(evaluation.findings()).singleElement().satisfies(f ->
                assertThat(f.kind()).isEqualTo(Finding.Kind.UNPARSEABLE_POLICY));
    }

    @Test
    void roleArnGivesAccountAndPartition() {
        RoleContext role = RoleContext.ofRoleArn("arn:aws-us-gov:iam::111111111111:role/x");

        Evaluation evaluation = engine.evaluate(TrustPolicy.parse(
                allow("{\"AWS\":\"arn:aws-us-gov:iam::111111111111:root\"}", "")), role);

        assertThat(role.partition()).isEqualTo("aws-us-gov");
        assertThat(evaluation.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
    }
}
