package io.github.crossaccountmfa.cli;

import static io.github.crossaccountmfa.cli.CheckTemplateRun.ACCOUNT;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The templates people write, with the values they leave open: each fixture class with its expected verdicts and
 * assumptions, and the options that bind values ({@code --parameter-overrides}, {@code --parameters-file}).
 */
class CheckTemplateOpenValuesTest {
    static final String DIR = CheckTemplateRun.TEMPLATES + "open-values/";
    static final String VENDOR = DIR + "vendor-external-id.yaml";
    static final String ORGANIZATIONS = DIR + "organizations-access.yaml";
    static final String PIPELINE = DIR + "pipeline-deploy-role.yaml";
    static final String SSM = DIR + "ssm-security-account.yaml";
    static final String PARTNER_OR_OWN = DIR + "partner-or-own.yaml";
    static final String STACKSET_YAML = DIR + "stackset-yaml.yaml";
    static final String STACKSET_JSON = DIR + "stackset-json.json";
    static final String PARENT = DIR + "nested/parent.yaml";
    static final String PARTNER_ROLES = DIR + "nested/stacks/partner-roles.yaml";
    static final String TREE = DIR + "tree";
    static final String MEMBER_ROLE = "deploy/member-execution-role.yaml";

    private static List<String> assumptions(JsonNode role) {
        List<String> clauses = new ArrayList<>();
        role.path("assumptions").forEach(a -> clauses.add(a.path("value").asText() + " = " + a.path("assumed").asText()));
        return clauses;
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS) // one run of the corpus serves every test here
    class Corpus {
        private final CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json",
                DIR, MEMBER_ROLE);

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = '|', value = {
                "VendorIntegrationRole | NON_COMPLIANT | Ref ExternalId = any value: the caller supplies it",
                "VendorScannerRole | NON_COMPLIANT | Ref ExternalId = any value: the caller supplies it",
                "OrganizationAccountAccessRole | NON_COMPLIANT | Ref MasterAccountId = any account outside the trusted accounts",
                "OrganizationReadRole | NON_COMPLIANT | Ref OrganizationId = any organization not in TrustedOrganizationIds",
                "PipelineDeployRole | NON_COMPLIANT | Ref DeploymentAccountId = any principal of an account outside the "
                        + "trusted accounts; worst case 222222222222, which the policy names",
                "SecurityAuditRole | COMPLIANT | Ref SecurityAccountId = any account outside the trusted accounts "
                        + "(SSM parameter /org/accounts/security, read at deployment)",
                "SecurityToolingRole | NON_COMPLIANT | Ref SecurityAccountId = any account outside the trusted accounts "
                        + "(SSM parameter /org/accounts/security, read at deployment)",
                "SupportRole | NON_COMPLIANT | Fn::If UsePartner = true (the worse branch)",
                "MemberAuditRoles/AuditRole | NON_COMPLIANT | ",
                "MemberAuditRoles/LocalAdminRole | NOT_APPLICABLE | ",
                "BaselineStackSet/IncidentResponseRole | COMPLIANT | ",
                "BaselineStackSet/ReadOnlyRole | NON_COMPLIANT | ",
                "PartnerRoles/PartnerRole | NON_COMPLIANT | Ref PartnerExternalId = any value: the caller supplies it",
                "Automation/AutomationRole | NOT_APPLICABLE | ",
                "AppFunctionRole | NOT_APPLICABLE | ",
                "ExecutionRole | NON_COMPLIANT | Ref CentralRoleArn = any principal of an account outside the trusted accounts",
        })
        void everyRoleGetsAVerdictWithItsAssumptions(String resource, String compliance, String assumption) {
            JsonNode role = run.role(resource);

            assertThat(role.path("compliance").asText()).isEqualTo(compliance);
            assertThat(assumptions(role)).isEqualTo(assumption == null ? List.of() : List.of(assumption));
        }

        @Test
        void everyRoleOfTheCorpusHasAVerdict() {
            assertThat(run.jsonLines()).hasSize(16).allSatisfy(n -> assertThat(n.has("compliance")).isTrue());
            assertThat(run.status()).isEqualTo(Main.NON_COMPLIANT);
        }

        @Test
        void madeUpValuesAreShownAsTheOpenValueTheyStandFor() {
            assertThat(run.role("OrganizationAccountAccessRole").path("annotation").asText())
                    .isEqualTo("Assumable without MFA by arn:aws:iam::<MasterAccountId>:root (statement 1, sts:AssumeRole)");
            assertThat(run.role("ExecutionRole").path("annotation").asText())
                    .isEqualTo("Assumable without MFA by <CentralRoleArn> (statement 1, sts:AssumeRole)");
            assertThat(run.role("OrganizationReadRole").path("findings").get(0).path("message").asText())
                    .contains("its aws:PrincipalOrgID <OrganizationId> is not in TrustedOrganizationIds");
        }

        @Test
        void stackSetRolesAreInTheTargetAccountsWhereTheManagementAccountIsAnotherAccount() {
            assertThat(run.role("MemberAuditRoles/AuditRole").path("annotation").asText())
                    .isEqualTo("Assumable without MFA by arn:aws:iam::111111111111:root (statement 1, sts:AssumeRole)");
        }

        @Test
        void nestedStackRolesAreReportedInTheirOwnFileOnceAndNotAlsoOnTheirOwn() {
            assertThat(run.role("PartnerRoles/PartnerRole").path("file").asText()).isEqualTo(PARTNER_ROLES);
            assertThat(run.jsonLines()).extracting(n -> n.path("resource").asText())
                    .doesNotContain("PartnerRole", "AutomationRole");
        }

        @Test
        void filesThatAreNotTemplatesAreSkippedWithANotice() {
            assertThat(run.err()).contains(TREE + "/config/settings.yaml: notice: skipped: not a CloudFormation "
                    + "template or Terraform plan\n").contains(TREE + "/package.json: notice: skipped:");
            assertThat(run.err()).contains(PARENT + ": notice: Notifier: not followed: a Serverless Application "
                    + "Repository application");
        }
    }

    @Nested
    class BindingValues {
        @Test
        void acceptExternalIdMakesTheVendorRoleCompliantButNotTheOneWithAWildcardAroundTheValue() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters",
                    "{\"AcceptExternalId\":\"true\"}", "--format", "json", VENDOR);

            assertThat(run.role("VendorIntegrationRole").path("compliance").asText()).isEqualTo("COMPLIANT");
            assertThat(assumptions(run.role("VendorIntegrationRole")))
                    .containsExactly("Ref ExternalId = any exact value: the caller supplies it");
            assertThat(run.role("VendorScannerRole").path("compliance").asText()).isEqualTo("NON_COMPLIANT");
        }

        @Test
        void overridesBindParametersAsSamDeployTakesThem() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters",
                    "{\"TrustedAccountIds\":\"999888777666\",\"TrustedOrganizationIds\":\"o-a1b2c3d4e5\"}",
                    "--parameter-overrides", "MasterAccountId=999888777666", "OrganizationId=o-a1b2c3d4e5",
                    "--format", "json", ORGANIZATIONS);

            assertThat(run.jsonLines()).allSatisfy(n -> {
                assertThat(n.path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
                assertThat(n.path("assumptions")).isEmpty();
            });
        }

        @Test
        void overridesInCloudFormationsFormAndSeveralInOneArgument() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters",
                    "{\"TrustedAccountIds\":\"999888777666\"}", "--parameter-overrides",
                    "ParameterKey=MasterAccountId,ParameterValue=999888777666 OrganizationId=\"o-zzzzzzzzzz\"",
                    "--format", "json", ORGANIZATIONS);

            assertThat(run.role("OrganizationAccountAccessRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.role("OrganizationReadRole").path("findings").get(0).path("message").asText())
                    .contains("its aws:PrincipalOrgID o-zzzzzzzzzz is not in TrustedOrganizationIds");
        }

        @Test
        void overrideThatDecidesAConditionLeavesOneBranch() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameter-overrides",
                    "AccessMode=internal", "--format", "json", PARTNER_OR_OWN);

            assertThat(run.role("SupportRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.role("SupportRole").path("assumptions")).isEmpty();
        }

        @Test
        void stackSetParameterFromTheManagementAccountIsTrustedWhenTheRuleTrustsIt() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters",
                    "{\"TrustedAccountIds\":\"111111111111\"}", "--format", "json", STACKSET_YAML);

            assertThat(run.role("MemberAuditRoles/AuditRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
        }

        @Test
        void withoutAnAccountTheManagementAccountAStackSetPassesOnIsOpen() {
            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", STACKSET_YAML);

            assertThat(assumptions(run.role("MemberAuditRoles/AuditRole")))
                    .containsExactly("Ref AWS::AccountId = any account outside the trusted accounts");
        }

        @Test
        void parametersFileInCloudFormationsFormat(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("params.json"), """
                    [{"ParameterKey": "ExternalId", "ParameterValue": "d5c9a1e7"},
                     {"ParameterKey": "VendorAccountId", "ParameterValue": "777777777777"},
                     {"ParameterKey": "IntegrationRoleName", "UsePreviousValue": true}]""");

            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters",
                    "{\"AcceptExternalId\":\"true\"}", "--parameters-file", file.toString(), "--format", "json", VENDOR);

            JsonNode role = run.role("VendorIntegrationRole");
            assertThat(role.path("compliance").asText()).isEqualTo("COMPLIANT");
            assertThat(role.path("annotation").asText()).contains("777777777777");
            assertThat(role.path("assumptions")).isEmpty();
        }

        @Test
        void samconfigOverridesOfTheChosenEnvironmentAndCommandLineOverridesWin(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("samconfig.toml"), """
                    version = 0.1
                    [default.deploy.parameters]
                    parameter_overrides = "MasterAccountId=\\"555555555555\\" OrganizationId=o-defaultorg1"
                    [prod.deploy.parameters]
                    parameter_overrides = ["MasterAccountId=666666666666", "OrganizationId=o-prodorg0001"]
                    """);

            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters-file", file.toString(),
                    "--config-env", "prod", "--parameter-overrides", "OrganizationId=o-cliorg00001",
                    "--format", "json", ORGANIZATIONS);

            assertThat(run.role("OrganizationAccountAccessRole").path("annotation").asText()).contains("666666666666");
            assertThat(run.role("OrganizationReadRole").path("findings").get(0).path("message").asText())
                    .contains("o-cliorg00001");
        }

        @Test
        void samconfigInYamlReadsTheDefaultEnvironment(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("samconfig.yaml"), """
                    version: 0.1
                    default:
                      deploy:
                        parameters:
                          parameter_overrides:
                            - MasterAccountId=777777777777
                    """);

            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters-file", file.toString(),
                    "--format", "json", ORGANIZATIONS);

            assertThat(run.role("OrganizationAccountAccessRole").path("annotation").asText()).contains("777777777777");
        }

        @Test
        void samconfigWithoutTheEnvironmentIsAUsageError(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("samconfig.toml"), "version = 0.1\n[default.build.parameters]\n"
                    + "cached = true\n");

            CheckTemplateRun run = CheckTemplateRun.of("--parameters-file", file.toString(), ORGANIZATIONS);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains("no default.deploy.parameters.parameter_overrides");
        }

        @Test
        void codePipelineTemplateConfiguration(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("config.json"),
                    "{\"Parameters\": {\"DeploymentAccountId\": \"111111111111\"}}");

            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters-file", file.toString(),
                    "--format", "json", PIPELINE);

            assertThat(run.role("PipelineDeployRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
        }

        @Test
        void overrideNoTemplateDeclaresIsANotice() {
            CheckTemplateRun run = CheckTemplateRun.of("--parameter-overrides", "MasterAcountId=1", ORGANIZATIONS);

            assertThat(run.err()).contains("check-template: notice: no template checked declares the parameter "
                    + "MasterAcountId given on the command line");
        }

        @Test
        void overrideThatIsNotKeyValueIsAUsageError() {
            CheckTemplateRun run = CheckTemplateRun.of("--parameter-overrides", "=x", ORGANIZATIONS);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains("parameter override \"=x\" is not Key=Value");
            assertThat(run.out()).isEmpty();
        }

        @Test
        void missingParametersFileIsAUsageError() {
            CheckTemplateRun run = CheckTemplateRun.of("--parameters-file", "nowhere.json", ORGANIZATIONS);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains("nowhere.json: no such file");
        }

        @Test
        void projectsOwnMemberRoleIsCheckableAndPassesWhenTheCentralAccountIsTrusted() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameters",
                    "{\"TrustedAccountIds\":\"999888777666\"}", "--parameter-overrides",
                    "CentralRoleArn=arn:aws:iam::999888777666:role/cross-account-mfa-rule", "--format", "json",
                    MEMBER_ROLE);

            assertThat(run.role("ExecutionRole").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
            assertThat(run.status()).isEqualTo(Main.OK);
        }
    }

    @Nested
    class Sources {
        @Test
        void stackSetRolesPointAtTheirLinesInTheOuterFile() {
            JsonNode sarif = CheckTemplateRun.of("--account", ACCOUNT, "--format", "sarif", STACKSET_YAML,
                    STACKSET_JSON).sarif();
            JsonNode results = sarif.path("runs").path(0).path("results");

            assertThat(line(results, "MemberAuditRoles/AuditRole")).isEqualTo(lineOf(STACKSET_YAML, "AuditRole:"));
            assertThat(line(results, "BaselineStackSet/ReadOnlyRole"))
                    .isEqualTo(lineOf(STACKSET_JSON, "\"TemplateBody\": \"{\\\"Parameters\\\":{\\\"SecurityAccountId\\\""
                            + ":{\\\"Type\\\":\\\"String\\\"}},\\\"Resources\\\":{\\\"IncidentResponseRole\\\":{\\\"Type"
                            + "\\\":\\\"AWS::IAM::Role\\\",\\\"Properties\\\":{\\\"AssumeRolePolicyDocument\\\":{"
                            + "\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\","
                            + "\\\"Principal\\\":{\\\"AWS\\\":{\\\"Fn::Sub\\\":\\\"arn:${AWS::Partition}:iam::"
                            + "${SecurityAccountId}:root\\\"}},\\\"Action\\\":\\\"sts:AssumeRole\\\",\\\"Condition\\\":"
                            + "{\\\"Bool\\\":{\\\"aws:MultiFactorAuthPresent\\\":\\\"true\\\"}}}]}}},\\\"ReadOnlyRole"
                            + "\\\":{\\\"Type\\\":\\\"AWS::IAM::Role\\\",\\\"Properties\\\":{\\\"AssumeRolePolicyDocument"
                            + "\\\":{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\","
                            + "\\\"Principal\\\":{\\\"AWS\\\":{\\\"Fn::Sub\\\":\\\"arn:${AWS::Partition}:iam::"
                            + "${SecurityAccountId}:role/readers\\\"}},\\\"Action\\\":\\\"sts:AssumeRole\\\"}]}}}}}\""));
        }

        private static int line(JsonNode results, String resource) {
            for (JsonNode result : results) {
                if (result.path("locations").path(0).path("logicalLocations").path(0).path("name").asText()
                        .equals(resource)) {
                    return result.path("locations").path(0).path("physicalLocation").path("region")
                            .path("startLine").asInt();
                }
            }
            throw new AssertionError("no result for " + resource);
        }

        @Test
        void nestedTemplateNamedOnItsOwnIsCheckedOnItsOwnWithItsParametersOpen() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", PARTNER_ROLES);

            assertThat(assumptions(run.role("PartnerRole"))).containsExactly(
                    "Ref PartnerAccountId = any account outside the trusted accounts",
                    "Ref ExternalId = any value: the caller supplies it");
        }

        @Test
        void missingNestedTemplateIsAnErrorNamingTheStack(@TempDir Path dir) throws IOException {
            Path parent = Files.writeString(dir.resolve("parent.yaml"), """
                    Resources:
                      Roles:
                        Type: AWS::CloudFormation::Stack
                        Properties: {TemplateURL: ./missing.yaml}
                    """);

            CheckTemplateRun run = CheckTemplateRun.of(parent.toString());

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains(dir.resolve("missing.yaml") + ": error: no such file (the template of "
                    + "nested stack Roles of " + parent + ")");
        }

        @Test
        void nestedStacksThatUseEachOtherAreACycleReportedOnce(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("a.yaml"), "Resources:\n  B:\n    Type: AWS::CloudFormation::Stack\n"
                    + "    Properties: {TemplateURL: b.yaml}\n");
            Files.writeString(dir.resolve("b.yaml"), "Resources:\n  A:\n    Type: AWS::CloudFormation::Stack\n"
                    + "    Properties: {TemplateURL: a.yaml}\n");

            CheckTemplateRun run = CheckTemplateRun.of(dir.resolve("a.yaml").toString());

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains("a cycle of nested stacks");
        }

        @Test
        void directoryTreeWithASymlinkLoopIsSearchedOnceAndTheLoopIsANotice(@TempDir Path dir) throws IOException {
            Path tree = copy(Path.of(TREE), dir.resolve("repo"));
            Files.createSymbolicLink(tree.resolve("cloudformation/loop"), tree);
            Files.createDirectories(tree.resolve(".git"));
            Files.writeString(tree.resolve(".git/config.json"), "{}");

            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", tree.toString());

            assertThat(run.jsonLines()).extracting(n -> n.path("resource").asText()).containsExactly("AppFunctionRole");
            assertThat(run.err()).contains(tree.resolve("cloudformation/loop") + ": notice: not followed: a symbolic "
                    + "link loop").doesNotContain(".git");
            assertThat(run.status()).isEqualTo(Main.OK);
        }

        @Test
        void brokenTemplateInADirectoryIsAnErrorButBrokenOtherYamlIsSkipped(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("broken.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n");
            Files.writeString(dir.resolve("chart.yaml"), "name: {{ .Values.name }\n");

            CheckTemplateRun run = CheckTemplateRun.of(dir.toString());

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains(dir.resolve("broken.yaml") + ": error: not valid YAML")
                    .contains(dir.resolve("chart.yaml") + ": notice: skipped: not a template (not valid YAML");
        }

        @Test
        void sameFileTwiceIsCheckedOnce() {
            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", VENDOR, "./" + VENDOR, DIR + "../open-values/"
                    + "vendor-external-id.yaml");

            assertThat(run.jsonLines()).hasSize(2);
        }

        private static Path copy(Path from, Path to) throws IOException {
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path path : paths.toList()) {
                    Path target = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target);
                    }
                }
            }
            return to;
        }
    }

    @Nested
    class OutputFile {
        @Test
        void outputGoesToTheFileAndASummaryToStandardError(@TempDir Path dir) throws IOException {
            Path sarif = dir.resolve("results.sarif");

            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "sarif", "--output",
                    sarif.toString(), VENDOR, ORGANIZATIONS);

            assertThat(run.out()).isEmpty();
            assertThat(CheckTemplateRun.parse(Files.readString(sarif)).path("version").asText()).isEqualTo("2.1.0");
            assertThat(run.err()).contains("NON_COMPLIANT  " + VENDOR + "#VendorIntegrationRole  Assumable without MFA "
                    + "by arn:aws:iam::464622532012:root (Datadog) (statement 1, sts:AssumeRole) (assuming Ref ExternalId = any "
                    + "value: the caller supplies it)\n")
                    .endsWith("4 roles in 2 files: 4 NON_COMPLIANT, 0 COMPLIANT, 0 NOT_APPLICABLE, 0 errors\n");
            assertThat(run.status()).isEqualTo(Main.NON_COMPLIANT);
        }

        @Test
        void sarifOnStandardOutputAlsoSummarisesOnStandardError() {
            CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "sarif", VENDOR);

            assertThat(run.out().strip()).startsWith("{");
            assertThat(run.err()).contains("NON_COMPLIANT  " + VENDOR + "#VendorScannerRole")
                    .endsWith("2 roles in 1 file: 2 NON_COMPLIANT, 0 COMPLIANT, 0 NOT_APPLICABLE, 0 errors\n");
        }

        @Test
        void outputFileInsideASearchedDirectoryIsNotReadAsInput(@TempDir Path dir) throws IOException {
            Files.copy(Path.of(VENDOR), dir.resolve("vendor.yaml"));
            Path output = dir.resolve("results.json");
            Files.writeString(output, "{\"Resources\": {\"Stale\": {\"Type\": \"AWS::IAM::Role\"}}}");

            CheckTemplateRun run = CheckTemplateRun.of("--format", "json", "--output", output.toString(), dir.toString());

            assertThat(Files.readAllLines(output)).hasSize(2).noneMatch(line -> line.contains("Stale"));
            assertThat(run.status()).isEqualTo(Main.NON_COMPLIANT);
        }

        @Test
        void unwritableOutputIsAnError(@TempDir Path dir) {
            CheckTemplateRun run = CheckTemplateRun.of("--output", dir.resolve("no/such/dir/out.txt").toString(), VENDOR);

            assertThat(run.status()).isEqualTo(Main.ERROR);
            assertThat(run.err()).contains("check-template: cannot write ");
        }
    }
}
