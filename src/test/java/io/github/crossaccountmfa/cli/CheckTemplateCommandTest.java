package io.github.crossaccountmfa.cli;

import static io.github.crossaccountmfa.cli.CheckTemplateRun.ACCOUNT;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.AUDIT_JSON;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.CDK_OUT;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.INVALID_POLICY;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.MALFORMED;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.PARTNER_ACCESS;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.PLAN;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.SAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckTemplateCommandTest {
    private static final String EXEMPTION = "{\"ExemptionTagKey\":\"mfa-exempt\"}";

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS) // one run of the 34-role template serves every test here
    class PartnerAccessTemplate {
        private final CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", PARTNER_ACCESS);

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({
                "LambdaExecutionRole, NOT_APPLICABLE",
                "EcsTaskRole, NOT_APPLICABLE",
                "RegionalLogsRole, NOT_APPLICABLE",
                "ConfigRecorderRole, NOT_APPLICABLE",
                "OwnAccountAdminRole, NOT_APPLICABLE",
                "OwnAccountByRefRole, NOT_APPLICABLE",
                "StackNamedSidRole, NOT_APPLICABLE",
                "PartnerReadOnlyRole, NON_COMPLIANT",
                "PartnerMfaRole, COMPLIANT",
                "PartnerUnquotedBoolMfaRole, COMPLIANT",
                "PartnerBoolIfExistsRole, NON_COMPLIANT",
                "PartnerMfaAgeRole, COMPLIANT",
                "PartnerMfaAgeIfExistsRole, NON_COMPLIANT",
                "PartnerDeployerRole, NON_COMPLIANT",
                "PartnerDenyWithoutMfaRole, COMPLIANT",
                "PartnerDenyBoolFalseRole, NON_COMPLIANT",
                "PartnerNotActionRole, NON_COMPLIANT",
                "PartnerTagSessionOnlyRole, NOT_APPLICABLE",
                "LegacyJsonStringRole, COMPLIANT",
                "AuditorsRole, COMPLIANT",
                "FirstAuditorRole, NON_COMPLIANT",
                "MonitoringVendorRole, NON_COMPLIANT",
                "BackupVendorRole, COMPLIANT",
                "StackSetExecutionRole, NON_COMPLIANT",
                "PublicRole, NON_COMPLIANT",
                "PublicMfaRole, COMPLIANT",
                "OrganizationRole, NON_COMPLIANT",
                "GitHubActionsRole, NOT_APPLICABLE",
                "GitLabFederationRole, NOT_APPLICABLE",
                "PartnerSessionRole, COMPLIANT",
        })
        void everyDeclaredRoleGetsItsVerdict(String resource, String compliance) {
            assertThat(run.role(resource).path("compliance").asText()).isEqualTo(compliance);
        }

        @Test
        void everyRoleIsReportedOnceInTemplateOrderAndOtherResourcesAreNot() {
            List<String> resources = run.jsonLines().stream().map(n -> n.path("resource").asText()).toList();

            assertThat(resources).hasSize(34).doesNotHaveDuplicates()
                    .startsWith("LambdaExecutionRole", "EcsTaskRole")
                    .endsWith("SharedServicesRole", "ConditionalTrustRole", "BreakGlassRole", "RegionalConditionRole")
                    .doesNotContain("ReportsBucket", "GitLabOidcProvider");
        }

        @Test
        void subWithAccountIdPrincipalIsOwnAccount() {
            assertThat(run.role("OwnAccountAdminRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.role("OwnAccountAdminRole").path("annotation").asText()).contains("own or trusted accounts");
        }

        @Test
        void subWithPartnerParameterDefaultIsThirdParty() {
            assertThat(run.role("PartnerReadOnlyRole").path("annotation").asText())
                    .isEqualTo("Assumable without MFA by arn:aws:iam::222222222222:root (statement 1, sts:AssumeRole)");
        }

        @Test
        void joinOfPartitionAndParameterResolvesToTheRoleArn() {
            assertThat(run.role("PartnerDeployerRole").path("findings").get(0).path("principal").asText())
                    .isEqualTo("arn:aws:iam::222222222222:role/Deployer");
        }

        @Test
        void commaDelimitedListParameterDefaultNamesEveryAccount() {
            JsonNode auditors = run.role("AuditorsRole");

            assertThat(auditors.path("findings").findValuesAsText("principal"))
                    .containsExactlyInAnyOrder("333333333333", "444444444444");
        }

        @Test
        void selectOfListParameterNamesOneAccount() {
            assertThat(run.role("FirstAuditorRole").path("findings").findValuesAsText("principal"))
                    .containsExactly("333333333333");
        }

        @Test
        void findInMapResolvesFromTheTemplateMappings() {
            assertThat(run.role("BackupVendorRole").path("annotation").asText()).contains("777777777777");
            assertThat(run.role("MonitoringVendorRole").path("annotation").asText())
                    .contains("arn:aws:iam::666666666666:root");
        }

        @Test
        void policyWrittenAsJsonTextInYamlIsEvaluated() {
            assertThat(run.role("LegacyJsonStringRole").path("annotation").asText())
                    .isEqualTo("Third-party access requires MFA: arn:aws:iam::222222222222:root (statement 1)");
        }

        private static List<String> assumption(JsonNode role) {
            JsonNode first = role.path("assumptions").path(0);
            return List.of(first.path("value").asText(), first.path("assumed").asText());
        }

        @Test
        void importValuePrincipalIsTheWorstCaseWithTheAssumptionStated() {
            JsonNode shared = run.role("SharedServicesRole");

            assertThat(shared.path("compliance").asText()).isEqualTo("NON_COMPLIANT");
            assertThat(shared.path("annotation").asText())
                    .isEqualTo("Assumable without MFA by <SharedServices-AccountId> (statement 1, sts:AssumeRole)");
            assertThat(assumption(shared)).containsExactly("Fn::ImportValue SharedServices-AccountId",
                    "any principal of an account outside the trusted accounts");
        }

        @Test
        void fnIfPrincipalIsEvaluatedInBothBranchesAndTheWorseWins() {
            JsonNode conditional = run.role("ConditionalTrustRole");

            assertThat(conditional.path("compliance").asText()).isEqualTo("NON_COMPLIANT");
            assertThat(conditional.path("annotation").asText()).contains("222222222222");
            assertThat(assumption(conditional)).containsExactly("Fn::If IsProduction", "false (the worse branch)");
        }

        @Test
        void parameterWithoutDefaultIsAnyOutsideAccountAndMfaStillProtects() {
            JsonNode breakGlass = run.role("BreakGlassRole");

            assertThat(breakGlass.path("compliance").asText()).isEqualTo("COMPLIANT");
            assertThat(breakGlass.path("annotation").asText()).contains("arn:aws:iam::<BreakGlassAccountId>:root");
            assertThat(assumption(breakGlass)).containsExactly("Ref BreakGlassAccountId",
                    "any account outside the trusted accounts");
        }

        @Test
        void openValueInACallerControlledConditionIsSuppliedByTheCaller() {
            JsonNode regional = run.role("RegionalConditionRole");

            assertThat(regional.path("compliance").asText()).isEqualTo("NON_COMPLIANT");
            assertThat(assumption(regional)).containsExactly("Ref AWS::Region", "any value: the caller supplies it");
        }

        @Test
        void unresolvedValueInAServiceOnlyStatementCannotChangeTheVerdict() {
            assertThat(run.role("RegionalLogsRole").path("annotation").asText())
                    .contains("logs.<AWS::Region>.amazonaws.com");
            assertThat(run.role("ConfigRecorderRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
        }

        @Test
        void unresolvedFederatedProviderIsOutOfScopeLikeAnyIdentityProvider() {
            assertThat(run.role("GitLabFederationRole").path("findings").findValuesAsText("kind")).contains("FEDERATED");
        }

        @Test
        void unresolvedSidCannotChangeTheVerdict() {
            assertThat(run.role("StackNamedSidRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
        }

        @Test
        void everyRoleGetsAVerdictAndTheExitStatusIsThatOfTheVerdicts() {
            assertThat(run.jsonLines()).allSatisfy(n -> assertThat(n.has("compliance")).isTrue());
            assertThat(run.status()).isEqualTo(Main.NON_COMPLIANT);
            assertThat(run.err()).isEmpty();
        }
    }

    @Nested
    class OwnAccount {
        @Test
        void withoutAccountOptionAccountIdStillMeansTheRolesOwnAccount() {
            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", PARTNER_ACCESS);
            JsonNode own = run.role("OwnAccountAdminRole");

            assertThat(own.path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(own.path("findings").findValuesAsText("kind")).containsExactly("ACCOUNT_UNKNOWN");
            assertThat(own.path("findings").get(0).path("message").asText()).contains("AWS::AccountId was read as the role's own account");
        }

        @Test
        void withoutAccountOptionALiteralAccountIsAThirdParty() {
            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", PARTNER_ACCESS);

            assertThat(run.role("PartnerReadOnlyRole").path("compliance").asText()).isEqualTo("NON_COMPLIANT");
            assertThat(run.role("PartnerReadOnlyRole").path("findings").findValuesAsText("kind")).contains("ACCOUNT_UNKNOWN");
        }

        @Test
        void accountOptionMakesALiteralOwnAccountIdNotApplicable() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", PLAN);

            assertThat(run.role("module.ci.aws_iam_role.deploy[\"prod\"]").path("compliance").asText())
                    .isEqualTo("NOT_APPLICABLE");
        }

        @Test
        void withoutAccountOptionALiteralOwnAccountIdCannotBeRecognised() {
            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", PLAN);

            assertThat(run.role("module.ci.aws_iam_role.deploy[\"prod\"]").path("compliance").asText())
                    .isEqualTo("NON_COMPLIANT");
        }

        @Test
        void roleArnGivesThePartitionForAwsPartition() {
            CheckTemplateRun run = CheckTemplateRun.of("--role-arn", "arn:aws-cn:iam::111111111111:role/deployer",
                    "--format", "json", PARTNER_ACCESS);

            assertThat(run.role("PartnerReadOnlyRole").path("annotation").asText())
                    .contains("arn:aws-cn:iam::222222222222:root");
            assertThat(run.role("OwnAccountAdminRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.role("RegionalLogsRole").path("annotation").asText()).contains("amazonaws.com.cn");
        }
    }

    @Nested
    class RuleParameterOption {
        @Test
        void exemptionTagMakesANonCompliantRoleNotApplicable() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters", EXEMPTION,
                    "--format", "json", PARTNER_ACCESS);
            JsonNode role = run.role("StackSetExecutionRole");

            assertThat(role.path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(role.path("annotation").asText())
                    .startsWith("Exempt by tag mfa-exempt: StackSets automation reviewed by security (otherwise: "
                            + "Assumable without MFA by arn:aws:iam::555555555555:role/");
        }

        @Test
        void withoutTheExemptionParameterTheTaggedRoleIsNonCompliant() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", PARTNER_ACCESS);

            assertThat(run.role("StackSetExecutionRole").path("compliance").asText()).isEqualTo("NON_COMPLIANT");
        }

        @Test
        void trustedOrganizationMakesTheOrganizationRoleNotApplicable() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters",
                    "{\"TrustedOrganizationIds\":\"o-a1b2c3d4e5\"}", "--format", "json", PARTNER_ACCESS);

            assertThat(run.role("OrganizationRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
        }

        @Test
        void acceptExternalIdMakesTheExternalIdVendorRoleCompliant() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters",
                    "{\"AcceptExternalId\":\"true\"}", "--format", "json", PARTNER_ACCESS);

            assertThat(run.role("MonitoringVendorRole").path("compliance").asText()).isEqualTo("COMPLIANT");
        }

        @Test
        void trustedAccountMakesThePartnerRoleNotApplicable() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters",
                    "{\"TrustedAccountIds\":\"222222222222\"}", "--format", "json", PARTNER_ACCESS);

            assertThat(run.role("PartnerReadOnlyRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
        }

        @Test
        void unknownParameterIsAUsageErrorNamingTheKey() {
            CheckTemplateRun run = CheckTemplateRun.of("--parameters", "{\"TrustedAccounts\":\"222222222222\"}", SAM);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains("unknown rule parameter \"TrustedAccounts\"");
            assertThat(run.out()).isEmpty();
        }

        @Test
        void malformedAccountIsAUsageError() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", "12345", SAM);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains("not a 12-digit account id: \"12345\"");
        }

        @Test
        void accountAndRoleArnAreAlternatives() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--role-arn",
                    "arn:aws:iam::111111111111:role/x", SAM);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains("mutually exclusive");
        }

        @Test
        void unknownFormatIsAUsageError() {
            CheckTemplateRun run = CheckTemplateRun.of("--format", "html", SAM);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains("--format");
        }
    }

    @Nested
    class OtherSources {
        @Test
        void jsonTemplateRolesAreEvaluatedAndGetAttOfAUserOfTheTemplateIsTheOwnAccount() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", AUDIT_JSON);

            assertThat(run.role("AuditRole").path("compliance").asText()).isEqualTo("COMPLIANT");
            assertThat(run.role("VendorIntegrationRole").path("compliance").asText()).isEqualTo("NON_COMPLIANT");
            assertThat(run.role("InstanceRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.role("DeployUserRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.role("DeployUserRole").path("assumptions").path(0).path("assumed").asText())
                    .isEqualTo("user DeployUser of the template's own account");
            assertThat(run.jsonLines()).extracting(n -> n.path("resource").asText()).doesNotContain("DeployUser");
        }

        @Test
        void samFunctionWithAssumeRolePolicyDocumentCountsAsARole() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", SAM);

            assertThat(run.role("IncidentResponseFunction").path("compliance").asText()).isEqualTo("NON_COMPLIANT");
            assertThat(run.role("EdgeRewriteFunction").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.role("ReportsRole").path("compliance").asText()).isEqualTo("COMPLIANT");
        }

        @Test
        void samFunctionWithoutItsOwnTrustPolicyOrWithAnExistingRoleIsNotARole() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", SAM);

            assertThat(run.jsonLines()).extracting(n -> n.path("resource").asText())
                    .containsExactly("EdgeRewriteFunction", "IncidentResponseFunction", "ReportsRole");
        }

        @Test
        void cdkOutDirectoryChecksEverySynthesizedTemplateAndNoAsset() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", CDK_OUT);

            assertThat(run.jsonLines()).extracting(n -> n.path("file").asText()).containsOnly(
                    CDK_OUT + "/PartnerAccessStack.template.json", CDK_OUT + "/PipelineStack.template.json");
            assertThat(run.role("PartnerReadOnlyRoleB4C2F1A9").path("compliance").asText()).isEqualTo("NON_COMPLIANT");
            assertThat(run.role("PartnerOperatorRole5D8E2C71").path("compliance").asText()).isEqualTo("COMPLIANT");
            assertThat(run.role("CustomResourceProviderRoleFBB8A1E2").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.role("PipelineDeployCodePipelineActionRole8B83082E").path("compliance").asText())
                    .isEqualTo("NOT_APPLICABLE");
            assertThat(run.role("ProductionDeployCrossAccountRole3A9B51C0").path("compliance").asText())
                    .isEqualTo("NON_COMPLIANT");
            assertThat(run.status()).isEqualTo(Main.NON_COMPLIANT);
            assertThat(run.err()).isEmpty();
        }

        @Test
        void cdkSsmBootstrapParameterDoesNotDisturbTheCheck() {
            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", CDK_OUT + "/PipelineStack.template.json");

            assertThat(run.jsonLines()).hasSize(3).allSatisfy(n -> assertThat(n.has("compliance")).isTrue());
        }

        @Test
        void nestedCdkStageAssembliesAreIncluded(@TempDir Path dir) throws IOException {
            Path stage = Files.createDirectories(dir.resolve("cdk.out/assembly-Prod"));
            Files.copy(Path.of(CDK_OUT, "PipelineStack.template.json"), stage.resolve("ProdPipelineStack.template.json"));
            Files.writeString(dir.resolve("cdk.out/manifest.json"), "{\"version\":\"36.0.0\",\"artifacts\":{}}");

            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", dir.resolve("cdk.out").toString());

            assertThat(run.jsonLines()).hasSize(3).extracting(n -> n.path("file").asText())
                    .containsOnly(stage.resolve("ProdPipelineStack.template.json").toString());
        }

        @Test
        void directoryWithoutTemplatesIsAnInputError(@TempDir Path dir) {
            CheckTemplateRun run = CheckTemplateRun.of(dir.toString(), SAM);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains(dir + ": error: no templates in this directory");
            assertThat(run.out()).contains("IncidentResponseFunction");
        }

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = '|', value = {
                "aws_iam_role.lambda_exec | NOT_APPLICABLE",
                "aws_iam_role.partner_support | NON_COMPLIANT",
                "module.vendor_access.aws_iam_role.this | COMPLIANT",
                "module.vendor_access.module.break_glass.aws_iam_role.this[0] | NON_COMPLIANT",
                "module.ci.aws_iam_role.deploy[\"prod\"] | NOT_APPLICABLE",
                "module.ci.aws_iam_role.deploy[\"staging\"] | COMPLIANT",
        })
        void terraformPlanRolesInEveryModuleGetTheirVerdict(String address, String compliance) {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", PLAN);

            assertThat(run.role(address).path("compliance").asText()).isEqualTo(compliance);
        }

        @Test
        void terraformPolicyKnownOnlyAfterApplyHasNoVerdict() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", PLAN);

            assertThat(run.role("aws_iam_role.pipeline_target").path("error").asText())
                    .isEqualTo("unresolved reference to assume_role_policy in the trust policy (known only after "
                            + "apply: it depends on a value computed during the apply)");
            assertThat(run.status()).isEqualTo(Main.ERROR);
        }

        @Test
        void terraformDataSourcesAndOtherResourceTypesAreNotDeclaredRoles() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", PLAN);

            assertThat(run.jsonLines()).hasSize(7).extracting(n -> n.path("resource").asText())
                    .noneMatch(address -> address.contains("data.") || address.contains("aws_s3_bucket"));
        }

        @Test
        void terraformTagsAllCarryTheExemptionTag() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters", EXEMPTION,
                    "--format", "json", PLAN);

            assertThat(run.role("module.vendor_access.module.break_glass.aws_iam_role.this[0]").path("annotation").asText())
                    .startsWith("Exempt by tag mfa-exempt: break-glass access, reviewed 2024-05 (otherwise:");
        }

        @Test
        void terraformPlanOnStdinIsChecked() throws IOException {
            InputStream original = System.in;
            try {
                System.setIn(new ByteArrayInputStream(Files.readAllBytes(Path.of(PLAN))));
                CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", "-");

                assertThat(run.role("aws_iam_role.partner_support").path("file").asText()).isEqualTo("-");
            } finally {
                System.setIn(original);
            }
        }

        @Test
        void invalidTrustPolicyIsAnErrorNamingTheElement() {
            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", INVALID_POLICY);

            assertThat(run.role("TypoRole").path("error").asText())
                    .startsWith("not a valid trust policy: Statement[0].Principle: unknown element");
            assertThat(run.role("MissingTrustPolicyRole").path("error").asText())
                    .isEqualTo("AssumeRolePolicyDocument is missing: IAM requires a trust policy for every role");
            assertThat(run.role("FineRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.status()).isEqualTo(Main.ERROR);
        }
    }

    @Nested
    class InputErrors {
        @Test
        void malformedYamlIsAnErrorWithItsLineAndTheOtherFilesAreStillChecked() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", MALFORMED, SAM);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).startsWith(MALFORMED + ": error: not valid YAML: ").contains("(line 11, column 12)");
            assertThat(run.jsonLines().getFirst().path("file").asText()).isEqualTo(MALFORMED);
            assertThat(names(run.jsonLines().getFirst())).containsExactly("file", "error");
            assertThat(run.role("IncidentResponseFunction").path("compliance").asText()).isEqualTo("NON_COMPLIANT");
        }

        @Test
        void missingFileIsAnInputError() {
            CheckTemplateRun run = CheckTemplateRun.of("no-such-template.yaml");

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).isEqualTo("no-such-template.yaml: error: no such file\n");
        }

        @Test
        void fileThatIsNeitherTemplateNorPlanIsAnInputErrorNamingTheFile(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("package.json"), "{\"name\": \"orders\", \"version\": \"1.0.0\"}");

            CheckTemplateRun run = CheckTemplateRun.of(file.toString());

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains(file + ": error: neither a CloudFormation, SAM or CDK template");
        }

        @Test
        void terraformStateIsRecognisedAndTheFixIsNamed(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("state.json"),
                    "{\"format_version\":\"1.0\",\"terraform_version\":\"1.9.5\",\"values\":{\"root_module\":{}}}");

            CheckTemplateRun run = CheckTemplateRun.of(file.toString());

            assertThat(run.err()).contains("this is Terraform state, not a plan").contains("terraform show -json plan.out");
        }

        @Test
        void emptyFileIsAnInputError(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("empty.yaml"), "\n  \n");

            assertThat(CheckTemplateRun.of(file.toString()).err()).contains("the file is empty");
        }

        @Test
        void duplicateYamlKeyIsAnInputErrorWithItsLine(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("dup.yaml"), "Resources:\n  A:\n    Type: AWS::IAM::Role\n  A:\n    Type: x\n");

            assertThat(CheckTemplateRun.of(file.toString()).err()).contains("line 4: duplicate key \"A\"");
        }

        @Test
        void malformedJsonTemplateIsAnInputErrorWithItsLine(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("broken.template.json"), "{\n  \"Resources\": {\n    \"A\": ,\n  }\n}\n");

            assertThat(CheckTemplateRun.of(file.toString()).err()).contains("invalid JSON").contains("line 3");
        }

        @Test
        void notUtf8IsAnInputError(@TempDir Path dir) throws IOException {
            Path file = Files.write(dir.resolve("latin1.yaml"), "Description: caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));

            assertThat(CheckTemplateRun.of(file.toString()).err()).contains("not UTF-8 text");
        }
    }

    @Nested
    class Output {
        @Test
        void jsonOutputIsOneObjectPerRoleWithTheSpecKeysInOrder() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", SAM);
            String[] lines = run.out().split("\n");

            assertThat(lines).hasSize(3);
            assertThat(lines[0]).startsWith("{\"file\":\"" + SAM + "\",\"resource\":\"EdgeRewriteFunction\","
                    + "\"compliance\":\"NOT_APPLICABLE\",\"annotation\":\"");
            for (String line : lines) {
                assertThat(names(CheckTemplateRun.parse(line)))
                        .containsExactly("file", "resource", "compliance", "annotation", "assumptions", "findings");
            }
        }

        @Test
        void jsonErrorLineNamesFileResourceAndError() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", PLAN);

            assertThat(run.out()).contains("{\"file\":\"" + PLAN + "\",\"resource\":\"aws_iam_role.pipeline_target\","
                    + "\"error\":\"unresolved reference to assume_role_policy in the trust policy (known only after "
                    + "apply: it depends on a value computed during the apply)\"}\n");
        }

        @Test
        void textOutputHasOneBlockPerRoleNamedFileHashResourceThenTotals() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, AUDIT_JSON, PLAN, MALFORMED);

            assertThat(run.out()).contains("COMPLIANT  " + AUDIT_JSON + "#AuditRole\n")
                    .contains("NON_COMPLIANT  " + AUDIT_JSON + "#VendorIntegrationRole\n")
                    .contains("NOT_APPLICABLE  " + AUDIT_JSON + "#DeployUserRole\n  No third-party AWS principal can "
                            + "assume this role; it trusts only own or trusted accounts\n  assuming Fn::GetAtt "
                            + "DeployUser.Arn = user DeployUser of the template's own account\n")
                    .contains("ERROR  " + PLAN + "#aws_iam_role.pipeline_target\n  unresolved reference to "
                            + "assume_role_policy");
            assertThat(run.out()).endsWith("11 roles in 2 files: 3 NON_COMPLIANT, 3 COMPLIANT, 4 NOT_APPLICABLE, "
                    + "1 error; 1 file not checked\n");
            assertThat(run.err()).startsWith(MALFORMED + ": error: not valid YAML");
        }

        @Test
        void exitStatusIsZeroWhenNothingIsNonCompliant() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters", EXEMPTION,
                    CDK_OUT + "/PipelineStack.template.json");

            assertThat(run.status()).isEqualTo(Main.OK);
            assertThat(run.out()).endsWith("3 roles in 1 file: 0 NON_COMPLIANT, 0 COMPLIANT, 3 NOT_APPLICABLE, 0 errors\n");
        }

        @Test
        void exitStatusIsOneWhenSomethingIsNonCompliant() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, CDK_OUT + "/PipelineStack.template.json");

            assertThat(run.status()).isEqualTo(Main.NON_COMPLIANT);
        }

        @Test
        void exitStatusIsTwoWhenAnInputErrorAccompaniesANonCompliantRole() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, SAM, MALFORMED);

            assertThat(run.status()).isEqualTo(Main.ERROR);
        }

        @Test
        void helpDescribesTheExitStatus() {
            CheckTemplateRun run = CheckTemplateRun.of("--help");

            assertThat(run.status()).isEqualTo(Main.OK);
            assertThat(run.out()).contains("--format=FORMAT").contains("text, json, sarif")
                    .contains("Exit status:").contains("  1   something NON_COMPLIANT").contains("  2   usage or input error");
        }
    }
}
