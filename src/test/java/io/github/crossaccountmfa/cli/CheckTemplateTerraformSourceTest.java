package io.github.crossaccountmfa.cli;

import static io.github.crossaccountmfa.cli.CheckTemplateRun.ACCOUNT;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check-template} on Terraform source: options that bind variables, output formats, exit statuses. */
class CheckTemplateTerraformSourceTest {
    static final String DIR = CheckTemplateRun.TEMPLATES + "terraform-source/";
    static final String DEPLOY = DIR + "cross-account-deploy";
    static final String DEPLOY_MAIN = DEPLOY + "/main.tf";
    static final String ROLE_MODULE = DIR + "iam-assumable-role/modules/iam-assumable-role/main.tf";

    @TempDir
    Path temp;

    @Test
    void directoryOfModulesGivesOneLinePerRoleInstanceWithItsAddress() {
        CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", DEPLOY);

        assertThat(run.jsonLines()).extracting(n -> n.path("resource").asText()).containsExactly(
                "aws_iam_role.deploy", "aws_iam_role.break_glass", "aws_iam_role.partner[\"acme\"]",
                "aws_iam_role.partner[\"globex\"]");
        assertThat(run.role("aws_iam_role.deploy").path("assumptions").get(0).path("value").asText())
                .isEqualTo("var.deploy_account_id");
        assertThat(run.role("aws_iam_role.deploy").path("file").asText()).isEqualTo(DEPLOY_MAIN);
        assertThat(run.status()).isEqualTo(Main.NON_COMPLIANT);
    }

    @Test
    void parameterOverridesBindTerraformVariables() {
        CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json",
                "--parameter-overrides", "deploy_account_id=111111111111", DEPLOY);

        JsonNode deploy = run.role("aws_iam_role.deploy");
        assertThat(deploy.path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
        assertThat(deploy.path("assumptions")).isEmpty();
        assertThat(run.err()).doesNotContain("no template checked declares");
    }

    @Test
    void varFileBindsVariablesAndTheOverridesWin() throws IOException {
        Path varFile = temp.resolve("prod.tfvars");
        Files.writeString(varFile, "deploy_account_id = \"111111111111\"\n");

        CheckTemplateRun fromFile = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json",
                "--var-file", varFile.toString(), DEPLOY);
        CheckTemplateRun overridden = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json",
                "--var-file", varFile.toString(), "--parameter-overrides", "deploy_account_id=222222222222", DEPLOY);

        assertThat(fromFile.role("aws_iam_role.deploy").path("compliance").asText()).isEqualTo("NOT_APPLICABLE");
        assertThat(overridden.role("aws_iam_role.deploy").path("compliance").asText()).isEqualTo("NON_COMPLIANT");
    }

    @Test
    void varFileThatIsNotLiteralValuesIsAUsageError() throws IOException {
        Path varFile = temp.resolve("bad.tfvars");
        Files.writeString(varFile, "deploy_account_id = var.other\n");

        CheckTemplateRun run = CheckTemplateRun.of("--var-file", varFile.toString(), DEPLOY);

        assertThat(run.status()).isEqualTo(Main.ERROR);
        assertThat(run.err()).isEqualTo("check-template: " + varFile + ": deploy_account_id: only literal values "
                + "can be given in a variable file (line 1)\n");
    }

    @Test
    void overrideThatNoVariableDeclaresIsNoticed() {
        CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--parameter-overrides", "deploy_acount_id=1",
                DEPLOY);

        assertThat(run.err()).contains("check-template: notice: no template checked declares the parameter "
                + "deploy_acount_id given on the command line");
    }

    @Test
    void sarifPointsAtTheAssumeRolePolicyOrTheStatementOfItsPolicyDocument() {
        JsonNode results = CheckTemplateRun.of("--account", ACCOUNT, "--format", "sarif", DEPLOY,
                DIR + "iam-assumable-role").sarif().path("runs").path(0).path("results");

        JsonNode deploy = result(results, "aws_iam_role.deploy");
        JsonNode globex = result(results, "aws_iam_role.partner[\"globex\"]");
        JsonNode readonly = result(results, "module.readonly.aws_iam_role.this[0]");
        assertThat(location(deploy)).isEqualTo(DEPLOY_MAIN + ":" + lineOf(DEPLOY_MAIN,
                "assume_role_policy = jsonencode({"));
        assertThat(location(globex)).isEqualTo(DEPLOY_MAIN + ":" + lineOf(DEPLOY_MAIN, "statement {"));
        assertThat(location(readonly)).isEqualTo(ROLE_MODULE + ":" + lineOf(ROLE_MODULE, "statement {"));
    }

    private static JsonNode result(JsonNode results, String resource) {
        for (JsonNode result : results) {
            if (result.path("locations").path(0).path("logicalLocations").path(0).path("name").asText()
                    .equals(resource)) {
                return result;
            }
        }
        throw new AssertionError("no result for " + resource + " in " + results);
    }

    private static String location(JsonNode result) {
        JsonNode physical = result.path("locations").path(0).path("physicalLocation");
        return physical.path("artifactLocation").path("uri").asText() + ":"
                + physical.path("region").path("startLine").asInt();
    }

    @Test
    void registryModulesAreNoticedAndSyntaxErrorsAreFileErrors() throws IOException {
        Files.writeString(temp.resolve("main.tf"), """
                module "iam" {
                  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"
                  version = "~> 5.0"
                }
                """);
        Files.writeString(temp.resolve("broken.tf"), "resource \"aws_iam_role\" \"x\" {\n");

        CheckTemplateRun run = CheckTemplateRun.of("--format", "json", temp.toString());

        assertThat(run.status()).isEqualTo(Main.ERROR);
        assertThat(run.err()).contains(temp.resolve("main.tf") + ": notice: module.iam: not followed: its source "
                + "terraform-aws-modules/iam/aws//modules/iam-assumable-role is not a local directory");
        assertThat(run.jsonLines()).extracting(n -> n.path("error").asText()).containsExactly(
                "not valid Terraform syntax: unexpected end of file (line 2, column 1)");
    }

    @Test
    void namedTfFileIsCheckedWithItsModule() {
        CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json",
                DIR + "iam-assumable-role/main.tf");

        assertThat(run.jsonLines()).extracting(n -> n.path("resource").asText()).containsExactly(
                "module.admin.aws_iam_role.this[0]", "module.readonly.aws_iam_role.this[0]");
    }
}
