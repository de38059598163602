package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.policy.TrustPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Findings name who gets in as data ({@link Access}); the wording is made from that data. */
class FindingAccessTest {
    private static final RoleContext SELF = RoleContext.ofAccount("111111111111");
    private static final KnownAccounts KNOWN = KnownAccounts.of(List.of(new KnownAccounts.Entry("Partner Ltd",
            List.of("222222222222"), List.of("https://partner.example/aws"))));

    private static Evaluation evaluate(String parameters, String... statements) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
        return new VerdictEngine(RuleParameters.parse(parameters), Clock.systemUTC(),
                KnownAccounts.bundled().merge(KNOWN)).evaluate(TrustPolicy.parse(policy), SELF);
    }

    private static final String MFA = "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}";

    private static String allow(String principal, String condition) {
        return "{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"sts:AssumeRole\""
                + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}";
    }

    private static List<Access> access(Evaluation evaluation, Finding.Kind kind) {
        return evaluation.findings().stream().filter(f -> f.kind() == kind).map(f -> f.access().orElseThrow()).toList();
    }

    @Test
    void vendorWithExternalIdIsNamedAndCarriesItsTerms() {
        Evaluation evaluation = evaluate(null, allow("{\"AWS\":\"arn:aws:iam::464622532012:root\"}",
                "{\"StringEquals\":{\"sts:ExternalId\":\"abc123\"}}"));

        assertThat(access(evaluation, Finding.Kind.NO_MFA)).containsExactly(new Access("464622532012",
                Optional.of("Datadog"), "arn:aws:iam::464622532012:root", Access.Shape.NAMED, List.of(),
                Access.Mfa.NOT_REQUIRED, true, false));
        assertThat(evaluation.annotation()).isEqualTo(
                "Assumable without MFA by arn:aws:iam::464622532012:root (Datadog) (statement 1, sts:AssumeRole)");
    }

    @Test
    void acceptedExternalIdIsAnExternalIdFindingWithoutMfa() {
        Evaluation evaluation = evaluate("{\"AcceptExternalId\":\"true\"}", allow(
                "{\"AWS\":\"arn:aws:iam::464622532012:root\"}", "{\"StringEquals\":{\"sts:ExternalId\":\"abc123\"}}"));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(access(evaluation, Finding.Kind.EXTERNAL_ID)).singleElement()
                .satisfies(a -> assertThat(a.mfa()).isEqualTo(Access.Mfa.NOT_REQUIRED))
                .satisfies(a -> assertThat(a.externalId()).isTrue());
    }

    @Test
    void nonCompliantRoleAlsoListsCallersThatNeedMfa() {
        Evaluation evaluation = evaluate(null,
                allow("{\"AWS\":\"arn:aws:iam::222222222222:root\"}",
                        "{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"),
                allow("{\"AWS\":\"arn:aws:iam::333333333333:root\"}",
                        "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(access(evaluation, Finding.Kind.NO_MFA)).extracting(Access::account, Access::accountName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("222222222222", Optional.of("Partner Ltd")));
        assertThat(access(evaluation, Finding.Kind.MFA_REQUIRED)).extracting(Access::account, Access::mfa)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("333333333333", Access.Mfa.REQUIRED));
        assertThat(evaluation.annotation()).isEqualTo("Assumable without MFA by arn:aws:iam::222222222222:root "
                + "(Partner Ltd) (statement 1, sts:AssumeRole)");
    }

    @Test
    void publicStarIsRankedFirstAndItsAnnotationSaysSo() {
        Evaluation evaluation = evaluate(null, allow("{\"AWS\":\"arn:aws:iam::222222222222:root\"}", ""),
                allow("\"*\"", ""));

        assertThat(evaluation.findings().get(0).kind()).isEqualTo(Finding.Kind.PUBLIC_TRUST);
        assertThat(evaluation.findings().get(0).statement()).contains(2);
        assertThat(evaluation.findings().get(0).access().orElseThrow().account()).isEqualTo("*");
        assertThat(evaluation.annotation()).startsWith("Public trust: any AWS account can assume this role. "
                + "Assumable without MFA by ");
    }

    @Test
    void publicWithMfaIsCompliantButStillPublic() {
        Evaluation evaluation = evaluate(null, allow("\"*\"", "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"));

        assertThat(evaluation.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(evaluation.findings().get(0).kind()).isEqualTo(Finding.Kind.PUBLIC_TRUST);
        assertThat(evaluation.findings().get(0).message()).contains("MFA is required, but anyone with an AWS account");
        assertThat(evaluation.annotation()).isEqualTo("Public trust: any AWS account can assume this role. "
                + "Third-party access requires MFA: * (any AWS account) (statement 1)");
    }

    @Test
    void organizationLimitedStarStandsForThatOrganizationAndIsNotPublic() {
        Evaluation evaluation = evaluate(null,
                allow("\"*\"", "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}"));

        assertThat(evaluation.findings()).noneMatch(f -> f.kind() == Finding.Kind.PUBLIC_TRUST);
        assertThat(access(evaluation, Finding.Kind.NO_MFA)).singleElement()
                .satisfies(a -> assertThat(a.account()).isEqualTo("o-a1b2c3d4e5"))
                .satisfies(a -> assertThat(a.publicTrust()).isFalse());
        assertThat(evaluation.annotation()).startsWith("Assumable without MFA by * (any account of o-a1b2c3d4e5)");
    }

    @Test
    void starPinnedToOneAccountIsThatAccount() {
        Evaluation evaluation = evaluate(null,
                allow("\"*\"", "{\"StringEquals\":{\"aws:PrincipalAccount\":\"222222222222\"}}"));

        assertThat(access(evaluation, Finding.Kind.NO_MFA)).singleElement()
                .satisfies(a -> assertThat(a.account()).isEqualTo("222222222222"))
                .satisfies(a -> assertThat(a.publicTrust()).isFalse());
        assertThat(Wording.subject(access(evaluation, Finding.Kind.NO_MFA).get(0)))
                .isEqualTo("* (account 222222222222) (Partner Ltd)");
    }

    /** An account named beside {@code *} is reported by its own principal too, not only as "any account". */
    @Test
    void accountNamedBesideStarIsReportedUnderItsOwnPrincipalToo() {
        Evaluation evaluation = evaluate(null,
                allow("{\"AWS\":[\"222222222222\",\"arn:aws:iam::333333333333:root\"]}", MFA),
                allow("{\"AWS\":[\"arn:aws:iam::333333333333:root\",\"*\"]}", ""));

        assertThat(access(evaluation, Finding.Kind.NO_MFA)).extracting(Access::principal)
                .containsExactly("arn:aws:iam::333333333333:root", "*");
    }

    @Test
    void accountNotNamedBesideStarIsOnlyAnyAccount() {
        Evaluation evaluation = evaluate(null,
                allow("{\"AWS\":[\"222222222222\",\"arn:aws:iam::333333333333:root\"]}", MFA),
                allow("{\"AWS\":[\"*\"]}", ""));

        assertThat(access(evaluation, Finding.Kind.NO_MFA)).extracting(Access::principal).containsExactly("*");
    }

    @Test
    void longVendorNamesKeepTheAnnotationWithinTheLimit() {
        KnownAccounts longNames = KnownAccounts.of(List.of(new KnownAccounts.Entry("V".repeat(300),
                List.of("222222222222"), List.of())));
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + allow(
                "{\"AWS\":[\"arn:aws:iam::222222222222:root\",\"arn:aws:iam::222222222222:user/a\"]}", "") + "]}";
        Evaluation evaluation = new VerdictEngine(RuleParameters.parse(null), Clock.systemUTC(), longNames)
                .evaluate(TrustPolicy.parse(policy), SELF);

        assertThat(evaluation.annotation()).hasSizeLessThanOrEqualTo(256).startsWith("Assumable without MFA by ");
    }
}
