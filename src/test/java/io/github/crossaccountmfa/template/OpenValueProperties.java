package io.github.crossaccountmfa.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * The worst case is really the worst: over generated templates whose principals, conditions and branches depend on
 * parameters without a value, the verdict reported for the open template is never better than the verdict for any
 * concrete binding of those parameters (drawn from the values the assumptions allow: accounts outside the trusted
 * ones, organizations not trusted, exact external ids), given with {@code --parameter-overrides}.
 */
class OpenValueProperties {
    private static final String OWN = "111111111111";
    private static final String TRUSTED = "333333333333";
    private static final String TRUSTED_ORGANIZATION = "o-trusted0001";
    private static final int EXAMPLES = 400;

    /** Statement pieces; {@code Acct}, {@code Other}, {@code Ext}, {@code Org}, {@code Mfa} are open parameters. */
    private static final List<String> PRINCIPALS = List.of(
            "{AWS: !Ref Acct}",
            "{AWS: !Sub 'arn:aws:iam::${Acct}:root'}",
            "{AWS: !Sub 'arn:aws:iam::${Acct}:role/deployer'}",
            "{AWS: [!Ref Acct, !Ref Other]}",
            "{AWS: arn:aws:iam::222222222222:root}",
            "{AWS: '*'}",
            "{AWS: !If [UsePartner, '222222222222', !Ref AWS::AccountId]}");
    private static final List<String> CONDITIONS = List.of(
            "StringEquals: {sts:ExternalId: !Ref Ext}",
            "StringEquals: {aws:PrincipalAccount: '222222222222'}",
            "StringEquals: {aws:PrincipalAccount: !Ref Other}",
            "StringEquals: {aws:PrincipalOrgID: !Ref Org}",
            "StringEquals: {aws:PrincipalOrgID: o-aaaaaaaaaa}",
            "Bool: {aws:MultiFactorAuthPresent: !Ref Mfa}",
            "Bool: {aws:MultiFactorAuthPresent: 'true'}",
            "ArnLike: {aws:PrincipalArn: 'arn:aws:iam::222222222222:role/pipeline-*'}",
            "StringLike: {sts:ExternalId: !Sub '${Ext}-*'}");
    private static final List<String> DENIES = List.of(
            "{Effect: Deny, Principal: {AWS: !Ref Other}, Action: sts:AssumeRole}",
            "{Effect: Deny, Principal: '*', Action: sts:AssumeRole, Condition: {StringNotEquals: {aws:PrincipalAccount: !Ref Acct}}}",
            "{Effect: Deny, Principal: '*', Action: sts:AssumeRole, Condition: {StringNotEquals: {sts:ExternalId: !Ref Ext}}}",
            "{Effect: Deny, Principal: '*', Action: sts:AssumeRole, Condition: {StringNotEquals: {aws:PrincipalOrgID: !Ref Org}}}",
            "{Effect: Deny, Principal: '*', Action: sts:AssumeRole, Condition: {BoolIfExists: {aws:MultiFactorAuthPresent: !Ref Mfa}}}");

    private record Case(String template, boolean acceptExternalId, boolean trustAccount, boolean trustOrganization) {
        @Override
        public String toString() {
            return "AcceptExternalId=" + acceptExternalId + " trusted=" + trustAccount + "/" + trustOrganization
                    + "\n" + template;
        }
    }

    private static Gen<String> oneOf(List<String> values) {
        return SourceDSL.integers().between(0, values.size() - 1).map(values::get);
    }

    private static Gen<Case> cases() {
        Gen<String> allow = oneOf(PRINCIPALS).zip(SourceDSL.lists().of(oneOf(CONDITIONS)).ofSizeBetween(0, 2),
                (principal, conditions) -> "{Effect: Allow, Principal: " + principal
                        + ", Action: sts:AssumeRole" + (conditions.isEmpty() ? "" : ", Condition: {"
                        + String.join(", ", distinctOperators(conditions)) + "}") + "}");
        Gen<List<String>> statements = SourceDSL.lists().of(allow).ofSizeBetween(1, 2)
                .zip(SourceDSL.lists().of(oneOf(DENIES)).ofSizeBetween(0, 1), (a, d) -> {
                    List<String> all = new ArrayList<>(a);
                    all.addAll(d);
                    return all;
                });
        return statements.zip(SourceDSL.booleans().all(), SourceDSL.booleans().all(), SourceDSL.booleans().all(),
                (list, accept, trustAccount, trustOrganization) -> new Case(template(list), accept, trustAccount,
                        trustOrganization));
    }

    /** One condition per operator: a YAML mapping has unique keys. */
    private static List<String> distinctOperators(List<String> conditions) {
        Map<String, String> byOperator = new LinkedHashMap<>();
        for (String condition : conditions) {
            byOperator.putIfAbsent(condition.substring(0, condition.indexOf(':')), condition);
        }
        return List.copyOf(byOperator.values());
    }

    private static String template(List<String> statements) {
        return """
                Parameters:
                  Acct: {Type: String}
                  Other: {Type: String}
                  Ext: {Type: String}
                  Org: {Type: String}
                  Mfa: {Type: String, AllowedValues: ['true', 'false']}
                  Mode: {Type: String}
                Conditions:
                  UsePartner: !Equals [!Ref Mode, partner]
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement: [%s]
                """.formatted(String.join(", ", statements));
    }

    /** Concrete values within what the assumptions allow. */
    private static Gen<Map<String, String>> bindings() {
        Gen<String> accounts = Generate.pick(List.of("222222222222", "444444444444", "555555555555"))
                .mix(SourceDSL.longs().between(100_000_000_000L, 899_999_999_999L).map((Long l) -> Long.toString(l)), 40)
                .assuming(a -> !a.equals(OWN) && !a.equals(TRUSTED));
        Gen<String> organizations = Generate.pick(List.of("o-aaaaaaaaaa", "o-bbbbbbbbbb", "o-cccccccccc"));
        Gen<String> externalIds = Generate.pick(List.of("abc123", "vendor-7f3c", "x"));
        Gen<String> flags = Generate.pick(List.of("true", "false"));
        Gen<String> modes = Generate.pick(List.of("partner", "internal"));
        return accounts.zip(accounts, externalIds, organizations, (acct, other, ext, org) -> {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("Acct", acct);
            values.put("Other", other);
            values.put("Ext", ext);
            values.put("Org", org);
            return values;
        }).zip(flags, modes, (values, mfa, mode) -> {
            Map<String, String> all = new LinkedHashMap<>(values);
            all.put("Mfa", mfa);
            all.put("Mode", mode);
            return all;
        });
    }

    private static int rank(Outcome outcome) {
        return outcome instanceof Outcome.Evaluated e ? WorstCase.rank(e.evaluation().compliance()) : 4;
    }

    private static Outcome outcome(Case c, ParameterValues values) {
        String parameters = "{\"AcceptExternalId\":\"" + c.acceptExternalId() + "\""
                + (c.trustAccount() ? ",\"TrustedAccountIds\":\"" + TRUSTED + "\"" : "")
                + (c.trustOrganization() ? ",\"TrustedOrganizationIds\":\"" + TRUSTED_ORGANIZATION + "\"" : "") + "}";
        TemplateChecker checker = new TemplateChecker(new VerdictEngine(RuleParameters.parse(parameters)),
                RoleContext.ofAccount(OWN), values);
        FileReport report = checker.check("t.yaml", c.template());
        assertThat(report).as(c.template()).isInstanceOf(FileReport.Checked.class);
        return ((FileReport.Checked) report).roles().getFirst().outcome();
    }

    @Test
    void reportedVerdictIsNeverBetterThanTheVerdictOfAnyConcreteBinding() {
        qt().withExamples(EXAMPLES).forAll(cases(), bindings()).checkAssert((c, binding) -> {
            Outcome open = outcome(c, ParameterValues.NONE);
            Outcome bound = outcome(c, new ParameterValues(binding));

            assertThat(open).as("open %s", c).isInstanceOf(Outcome.Evaluated.class);
            assertThat(rank(open)).as("%s\nbound to %s: %s\nopen: %s", c, binding, bound, open)
                    .isGreaterThanOrEqualTo(rank(bound));
        });
    }

    @Test
    void bindingEveryOpenValueLeavesNoAssumptionAboutParameters() {
        qt().withExamples(EXAMPLES / 5).forAll(cases(), bindings()).checkAssert((c, binding) -> {
            Outcome bound = outcome(c, new ParameterValues(binding));

            assertThat(bound).isInstanceOf(Outcome.Evaluated.class);
            assertThat(((Outcome.Evaluated) bound).assumptions()).as(c.template()).isEmpty();
        });
    }
}
