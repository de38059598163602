package io.github.crossaccountmfa.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Source detection, lines, worst-case verdicts over open values, and the few cases without a verdict. */
class CheckTemplateCheckerTest {
    private static final String TEMPLATES = "src/test/resources/templates/";
    private final TemplateChecker checker =
            new TemplateChecker(new VerdictEngine(RuleParameters.DEFAULTS), RoleContext.ofAccount("111111111111"));

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(TEMPLATES, file));
    }

    private FileReport.Checked checked(String yaml) {
        FileReport report = checker.check("t.yaml", yaml);
        assertThat(report).isInstanceOf(FileReport.Checked.class);
        return (FileReport.Checked) report;
    }

    private Outcome only(String yaml) {
        List<RoleCheck> roles = checked(yaml).roles();
        assertThat(roles).hasSize(1);
        return roles.getFirst().outcome();
    }

    private static String role(String statements) {
        return """
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Version: 2012-10-17
                        Statement:
                """ + statements.indent(10);
    }

    private static Compliance compliance(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Evaluated.class);
        return ((Outcome.Evaluated) outcome).evaluation().compliance();
    }

    @Test
    void kindIsRecognisedByContent() throws IOException {
        assertThat(((FileReport.Checked) checker.check("a", read("cloudformation/partner-access.yaml"))).kind())
                .isEqualTo(SourceKind.CLOUDFORMATION);
        assertThat(((FileReport.Checked) checker.check("b", read("cdk/cdk.out/PipelineStack.template.json"))).kind())
                .isEqualTo(SourceKind.CLOUDFORMATION);
        assertThat(((FileReport.Checked) checker.check("c", read("terraform/plan.json"))).kind())
                .isEqualTo(SourceKind.TERRAFORM_PLAN);
    }

    @Test
    void yamlAndJsonFormsOfTheSameTemplateGiveTheSameResults() throws IOException {
        String yaml = read("cloudformation/partner-access.yaml");
        String json = CloudFormationYaml.read(yaml).root().toPrettyString();

        List<RoleCheck> fromYaml = ((FileReport.Checked) checker.check("t.yaml", yaml)).roles();
        List<RoleCheck> fromJson = ((FileReport.Checked) checker.check("t.json", json)).roles();

        assertThat(fromJson).extracting(RoleCheck::resource).containsExactlyElementsOf(
                fromYaml.stream().map(RoleCheck::resource).toList());
        assertThat(fromJson).extracting(RoleCheck::outcome).containsExactlyElementsOf(
                fromYaml.stream().map(RoleCheck::outcome).toList());
    }

    @Test
    void eachRoleCarriesTheLineOfItsResource() {
        FileReport.Checked report = checked("""
                Resources:
                  Bucket:
                    Type: AWS::S3::Bucket
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement: {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
                """);

        assertThat(report.roles()).extracting(RoleCheck::resource, RoleCheck::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Role", 4));
    }

    private static List<Assumption> assumptions(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Evaluated.class);
        return ((Outcome.Evaluated) outcome).assumptions();
    }

    private static String annotation(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Evaluated.class);
        return ((Outcome.Evaluated) outcome).evaluation().annotation();
    }

    @Test
    void everyBranchOfAnIfActionIsEvaluatedAndTheWorseWins() {
        Outcome outcome = only(role("""
                - Effect: Allow
                  Principal: {AWS: arn:aws:iam::222222222222:root}
                  Action: !If [Prod, sts:TagSession, sts:AssumeRole]
                """));

        assertThat(compliance(outcome)).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(assumptions(outcome)).containsExactly(new Assumption("Fn::If Prod", "false (the worse branch)"));
    }

    @Test
    void ifWhoseBranchesGiveTheSameVerdictSaysSo() {
        Outcome outcome = only(role("""
                - Effect: Allow
                  Principal: {AWS: !If [Prod, arn:aws:iam::222222222222:root, arn:aws:iam::333333333333:root]}
                  Action: sts:AssumeRole
                """));

        assertThat(compliance(outcome)).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(assumptions(outcome)).containsExactly(new Assumption("Fn::If Prod", "true or false: the same verdict"));
    }

    @Test
    void unresolvedServiceNextToAThirdPartyPrincipalCannotChangeTheVerdict() {
        Outcome outcome = only(role("""
                - Effect: Allow
                  Principal:
                    Service: !Sub 'states.${AWS::Region}.amazonaws.com'
                    AWS: arn:aws:iam::222222222222:root
                  Action: sts:AssumeRole
                """));

        assertThat(compliance(outcome)).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(assumptions(outcome)).isEmpty();
    }

    @Test
    void openSourceArnDoesNotAdmitAThirdPartyWhoseRequestCarriesNone() {
        Outcome outcome = only(role("""
                - Effect: Allow
                  Principal:
                    Service: states.amazonaws.com
                    AWS: arn:aws:iam::222222222222:root
                  Action: sts:AssumeRole
                  Condition: {StringEquals: {aws:SourceArn: !GetAtt StateMachine.Arn}}
                """));

        assertThat(compliance(outcome)).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(assumptions(outcome)).extracting(Assumption::value).containsExactly("Fn::GetAtt StateMachine.Arn");
    }

    @Test
    void ifEffectOfAServiceStatementIsEvaluatedBothWays() {
        Outcome outcome = only(role("""
                - Effect: Allow
                  Principal: {Service: ec2.amazonaws.com}
                  Action: sts:AssumeRole
                - Effect: !If [Prod, Allow, Deny]
                  Principal: {Service: lambda.amazonaws.com}
                  Action: sts:AssumeRole
                """));

        assertThat(compliance(outcome)).isEqualTo(Compliance.NOT_APPLICABLE);
    }

    @Test
    void conditionalStatementIsEvaluatedPresentAndAbsent() {
        Outcome outcome = only(role("""
                - Effect: Allow
                  Principal: {AWS: arn:aws:iam::222222222222:root}
                  Action: sts:AssumeRole
                  Condition: {Bool: {aws:MultiFactorAuthPresent: 'true'}}
                - !If [OpenToPartners, {Effect: Allow, Principal: '*', Action: sts:AssumeRole}, !Ref AWS::NoValue]
                """));

        assertThat(compliance(outcome)).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(assumptions(outcome)).containsExactly(
                new Assumption("Fn::If OpenToPartners", "true (the worse branch)"));
    }

    @Test
    void branchThatLeavesNoStatementIsAnInvalidPolicyNamingTheBranch() {
        Outcome outcome = only(role("""
                - !If [Prod, {Effect: Allow, Principal: '*', Action: sts:AssumeRole}, !Ref AWS::NoValue]
                """));

        assertThat(outcome).isEqualTo(new Outcome.Invalid("not a valid trust policy: Statement: empty: a trust "
                + "policy needs at least one statement (when Prod is false)"));
    }

    @Test
    void whollyOpenPrincipalUnderFnIfGetsTheWorstCaseAsStar() {
        Outcome outcome = only("""
                Conditions:
                  UseShared: !Equals [!Ref AWS::Region, eu-west-1]
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: !If [UseShared, !ImportValue SharedPrincipal, {AWS: arn:aws:iam::111111111111:root}]
                            Action: sts:AssumeRole
                """);

        assertThat(compliance(outcome)).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(annotation(outcome)).as("the worst case is public trust").isEqualTo("Public trust: any AWS account "
                + "can assume this role. Assumable without MFA by * (any AWS account) (statement 1, sts:AssumeRole)");
        assertThat(assumptions(outcome)).containsExactly(
                new Assumption("Fn::ImportValue SharedPrincipal",
                        "any principal: \"*\" or of an account outside the trusted accounts"),
                new Assumption("Fn::If UseShared", "true (the worse branch)"));
    }

    @Test
    void whollyOpenPrincipalOfADenyIsTriedAsAnotherAccountsPrincipal() {
        Outcome outcome = only(role("""
                - Effect: Deny
                  Principal: !ImportValue BlockedPrincipals
                  Action: sts:AssumeRole
                - Effect: Allow
                  Principal: {AWS: arn:aws:iam::222222222222:root}
                  Action: sts:AssumeRole
                """));

        assertThat(compliance(outcome)).isEqualTo(Compliance.NON_COMPLIANT);
    }

    @Test
    void unexpectedFailureEvaluatingOneRoleMakesOnlyThatRoleAnError() {
        VerdictEngine engine = org.mockito.Mockito.spy(new VerdictEngine(RuleParameters.DEFAULTS));
        org.mockito.Mockito.doThrow(new IllegalStateException("engine bug")).when(engine).evaluate(
                org.mockito.ArgumentMatchers.argThat(policy -> policy != null && policy.statements().stream()
                        .anyMatch(s -> s.sid().equals(java.util.Optional.of("Explodes")))),
                org.mockito.ArgumentMatchers.any());
        TemplateChecker failing = new TemplateChecker(engine, RoleContext.ofAccount("111111111111"));

        FileReport report = failing.check("t.yaml", """
                Resources:
                  Broken:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - {Sid: Explodes, Effect: Allow, Principal: {AWS: arn:aws:iam::222222222222:root}, Action: sts:AssumeRole}
                  Fine:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - {Effect: Allow, Principal: {AWS: arn:aws:iam::222222222222:root}, Action: sts:AssumeRole}
                """);

        List<RoleCheck> roles = ((FileReport.Checked) report).roles();
        assertThat(roles.get(0).outcome()).isEqualTo(new Outcome.Invalid("the trust policy could not be evaluated "
                + "(internal error IllegalStateException); it is not trusted"));
        assertThat(compliance(roles.get(1).outcome())).isEqualTo(Compliance.NON_COMPLIANT);
    }

    @Test
    void openStatementHasNoVerdict() {
        Outcome outcome = only(role("""
                - !ImportValue SharedStatement
                """));

        assertThat(outcome).isEqualTo(new Outcome.Unresolved(
                "unresolved reference to Fn::ImportValue SharedStatement in Statement[0]"));
    }

    @Test
    void openServiceInNotPrincipalCannotChangeTheVerdict() {
        Outcome outcome = only(role("""
                - Effect: Deny
                  NotPrincipal: {Service: !Sub 'states.${AWS::Region}.amazonaws.com'}
                  Action: sts:AssumeRole
                - Effect: Allow
                  Principal: {AWS: arn:aws:iam::222222222222:root}
                  Action: sts:AssumeRole
                """));

        assertThat(compliance(outcome)).isEqualTo(Compliance.NOT_APPLICABLE);
    }

    @Test
    void everyOpenPrincipalIsAssumedOutsideTheTrustedAccounts() {
        Outcome outcome = only(role("""
                - Effect: Allow
                  Principal: {AWS: [!ImportValue A, !ImportValue B]}
                  Action: sts:AssumeRole
                """));

        assertThat(compliance(outcome)).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(annotation(outcome)).isEqualTo("Assumable without MFA by <A> (statement 1, sts:AssumeRole); "
                + "<B> (statement 1, sts:AssumeRole)");
        assertThat(assumptions(outcome)).containsExactly(
                new Assumption("Fn::ImportValue A", "any principal of an account outside the trusted accounts"),
                new Assumption("Fn::ImportValue B", "any principal of an account outside the trusted accounts"));
    }

    @Test
    void jsonTextPolicyWithAnOpenPrincipalIsEvaluated() {
        Outcome outcome = only("""
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: !Sub '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "${Other.Arn}"}, "Action": "sts:AssumeRole"}]}'
                """);

        assertThat(compliance(outcome)).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(assumptions(outcome)).extracting(Assumption::value).containsExactly("Fn::GetAtt Other.Arn");
    }

    @Test
    void wholeDocumentFromAnExportHasNoVerdict() {
        Outcome outcome = only("""
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: !ImportValue SharedTrustPolicy
                """);

        assertThat(outcome).isEqualTo(new Outcome.Unresolved(
                "unresolved reference to Fn::ImportValue SharedTrustPolicy in the trust policy"));
    }

    @Test
    void jsonTextThatIsCompleteOnlyAtDeploymentHasNoVerdict() {
        Outcome outcome = only("""
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: !Sub '{"Statement": ${Statements}}'
                """);

        assertThat(outcome).isInstanceOf(Outcome.Unresolved.class);
        assertThat(((Outcome.Unresolved) outcome).message()).startsWith("unresolved reference to Ref Statements");
    }

    @Test
    void forEachLoopThatDeclaresRolesIsReportedUnresolved() {
        FileReport.Checked report = checked("""
                Transform: AWS::LanguageExtensions
                Resources:
                  Fn::ForEach::PartnerRoles:
                    - Partner
                    - [a, b]
                    - ${Partner}Role:
                        Type: AWS::IAM::Role
                        Properties:
                          AssumeRolePolicyDocument: {Statement: []}
                  Fn::ForEach::Buckets:
                    - Name
                    - [x]
                    - ${Name}Bucket: {Type: AWS::S3::Bucket}
                """);

        assertThat(report.roles()).extracting(RoleCheck::resource).containsExactly("Fn::ForEach::PartnerRoles");
        assertThat(report.roles().getFirst().outcome()).isInstanceOf(Outcome.Unresolved.class);
    }

    @Test
    void conditionalPropertiesAreUnresolved() {
        Outcome outcome = only("""
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties: !If [Prod, {AssumeRolePolicyDocument: {}}, {}]
                """);

        assertThat(outcome).isInstanceOf(Outcome.Unresolved.class);
    }

    @Test
    void exemptionTagTurnsARoleWithoutVerdictNotApplicable() {
        TemplateChecker exempting = new TemplateChecker(
                new VerdictEngine(RuleParameters.parse("{\"ExemptionTagKey\":\"mfa-exempt\"}")), RoleContext.unknown());
        FileReport report = exempting.check("t.yaml", role("""
                - !ImportValue SharedStatement
                """) + "      Tags: [{Key: mfa-exempt, Value: reviewed}]\n");

        Outcome outcome = ((FileReport.Checked) report).roles().getFirst().outcome();
        assertThat(compliance(outcome)).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(((Outcome.Evaluated) outcome).evaluation().annotation()).isEqualTo(
                "Exempt by tag mfa-exempt: reviewed (not evaluated: unresolved reference to Fn::ImportValue "
                        + "SharedStatement in Statement[0])");
    }

    @Test
    void exemptionTagTurnsAWorstCaseNonCompliantRoleNotApplicableAndKeepsTheAssumptions() {
        TemplateChecker exempting = new TemplateChecker(
                new VerdictEngine(RuleParameters.parse("{\"ExemptionTagKey\":\"mfa-exempt\"}")), RoleContext.unknown());
        FileReport report = exempting.check("t.yaml", role("""
                - Effect: Allow
                  Principal: {AWS: !ImportValue Shared}
                  Action: sts:AssumeRole
                """) + "      Tags: [{Key: mfa-exempt, Value: reviewed}]\n");

        Outcome outcome = ((FileReport.Checked) report).roles().getFirst().outcome();
        assertThat(compliance(outcome)).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(annotation(outcome)).startsWith("Exempt by tag mfa-exempt: reviewed (otherwise: Assumable without "
                + "MFA by <Shared>");
        assertThat(assumptions(outcome)).extracting(Assumption::value).containsExactly("Fn::ImportValue Shared");
    }

    @Test
    void tagThatExistsOnlyInSomeDeploymentsExemptsNone() {
        TemplateChecker exempting = new TemplateChecker(
                new VerdictEngine(RuleParameters.parse("{\"ExemptionTagKey\":\"mfa-exempt\"}")), RoleContext.unknown());
        FileReport report = exempting.check("t.yaml", role("""
                - Effect: Allow
                  Principal: {AWS: arn:aws:iam::222222222222:root}
                  Action: sts:AssumeRole
                """) + "      Tags: [!If [Exempt, {Key: mfa-exempt, Value: reviewed}, !Ref AWS::NoValue]]\n");

        assertThat(compliance(((FileReport.Checked) report).roles().getFirst().outcome()))
                .isEqualTo(Compliance.NON_COMPLIANT);
    }

    @Test
    void exemptionTagLeavesACompliantRoleCompliant() {
        TemplateChecker exempting = new TemplateChecker(
                new VerdictEngine(RuleParameters.parse("{\"ExemptionTagKey\":\"mfa-exempt\"}")), RoleContext.unknown());
        FileReport report = exempting.check("t.yaml", role("""
                - Effect: Allow
                  Principal: {AWS: arn:aws:iam::222222222222:root}
                  Action: sts:AssumeRole
                  Condition: {Bool: {aws:MultiFactorAuthPresent: 'true'}}
                """) + "      Tags: [{Key: mfa-exempt, Value: reviewed}]\n");

        assertThat(compliance(((FileReport.Checked) report).roles().getFirst().outcome())).isEqualTo(Compliance.COMPLIANT);
    }

    @Test
    void templateWithoutRolesHasNoResults() {
        assertThat(checked("Resources:\n  Bucket: {Type: AWS::S3::Bucket}\n").roles()).isEmpty();
    }

    @Test
    void yamlListAtTheTopIsNotATemplate() {
        assertThat(checker.check("t.yaml", "- a\n- b\n")).isInstanceOf(FileReport.Failed.class);
    }
}
