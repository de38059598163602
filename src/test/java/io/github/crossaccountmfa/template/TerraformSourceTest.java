package io.github.crossaccountmfa.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform source: how trust policies are written (jsonencode, heredocs, file, templatefile, policy documents),
 * how variables get their values, conditionals, count and for_each, modules, and what stays open.
 */
class TerraformSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RoleContext ACCOUNT = RoleContext.ofAccount("111111111111");

    @TempDir
    Path dir;

    private void write(String file, String text) {
        try {
            Path path = dir.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CheckResult check(RoleContext context, ParameterValues overrides, TerraformVariables variables,
                              String... inputs) {
        TemplateChecker checker = new TemplateChecker(new VerdictEngine(RuleParameters.DEFAULTS), context, overrides,
                variables);
        List<TemplateChecker.Input> files = java.util.Arrays.stream(inputs.length == 0 ? new String[] {dir.toString()}
                : inputs).<TemplateChecker.Input>map(TemplateChecker.Input.File::new).toList();
        return checker.checkAll(files, Set.of());
    }

    private Map<String, RoleCheck> roles(CheckResult result) {
        Map<String, RoleCheck> roles = new LinkedHashMap<>();
        for (FileReport report : result.reports()) {
            assertThat(report).as(report.file()).isInstanceOf(FileReport.Checked.class);
            ((FileReport.Checked) report).roles().forEach(r -> roles.put(r.resource(), r));
        }
        return roles;
    }

    private Map<String, RoleCheck> roles() {
        return roles(check(ACCOUNT, ParameterValues.NONE, TerraformVariables.NONE));
    }

    private static Outcome.Evaluated evaluated(RoleCheck role) {
        assertThat(role.outcome()).as(role.resource()).isInstanceOf(Outcome.Evaluated.class);
        return (Outcome.Evaluated) role.outcome();
    }

    private static Compliance compliance(RoleCheck role) {
        return evaluated(role).evaluation().compliance();
    }

    private static List<String> assumptions(RoleCheck role) {
        return evaluated(role).assumptions().stream().map(Assumption::clause).toList();
    }

    /** The policy the translation gives for the one role of the module, with its open values as placeholders. */
    private JsonNode policy(String address) {
        TerraformSourceRoles.Declared declared = TerraformSourceRoles.declared(
                new TerraformSourceRoles.Root(dir, Optional.empty()), new TerraformSourceRoles.Modules(),
                TerraformVariables.NONE, ParameterValues.NONE, ACCOUNT);
        DeclaredRole role = declared.roles().values().stream().flatMap(List::stream)
                .filter(r -> r.resource().equals(address)).findFirst().orElseThrow();
        PolicySource.Document document = (PolicySource.Document) role.policy();
        try {
            return JSON.readTree(document.open().display(document.variants().getFirst().document().textValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String role(String name, String policy) {
        return "resource \"aws_iam_role\" \"" + name + "\" {\n  assume_role_policy = " + policy + "\n}\n";
    }

    @Nested
    class HowPoliciesAreWritten {
        @Test
        void jsonencodeHeredocFileAndTemplatefileGiveThePolicyIamReceives() {
            write("partner.json", """
                    {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                      "Action": "sts:AssumeRole"}]}
                    """);
            write("partner.json.tpl", """
                    {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${account}:root"},
                      "Action": "sts:AssumeRole"}]}
                    """);
            write("main.tf", role("encoded", """
                    jsonencode({
                        Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:root" },
                                       Action = "sts:AssumeRole" }]
                      })""")
                    + role("heredoc", """
                    <<-EOT
                        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${local.partner}:root"},
                          "Action": "sts:AssumeRole"}]}
                        EOT""")
                    + role("from_file", "file(\"${path.module}/partner.json\")")
                    + role("from_template", "templatefile(\"partner.json.tpl\", { account = local.partner })")
                    + "locals {\n  partner = \"222222222222\"\n}\n");

            Map<String, RoleCheck> roles = roles();

            assertThat(roles.keySet()).containsExactly("aws_iam_role.encoded", "aws_iam_role.heredoc",
                    "aws_iam_role.from_file", "aws_iam_role.from_template");
            assertThat(roles.values()).allSatisfy(r -> {
                assertThat(compliance(r)).isEqualTo(Compliance.NON_COMPLIANT);
                assertThat(evaluated(r).evaluation().annotation()).startsWith(
                        "Assumable without MFA by arn:aws:iam::222222222222:root");
            });
        }

        @Test
        void roleCarriesTheLineOfItsAssumeRolePolicy() {
            write("main.tf", """
                    resource "aws_iam_role" "x" {
                      name = "x"

                      assume_role_policy = jsonencode({ Statement = [] })
                    }
                    """);

            assertThat(roles().get("aws_iam_role.x").line()).isEqualTo(4);
        }

        @Test
        void missingAssumeRolePolicyIsAnInvalidRole() {
            write("main.tf", "resource \"aws_iam_role\" \"x\" {\n  name = \"x\"\n}\n");

            assertThat(roles().get("aws_iam_role.x").outcome()).isEqualTo(new Outcome.Invalid(
                    "assume_role_policy is missing: IAM requires a trust policy for every role"));
        }

        @Test
        void fileOutsideTheWorkingDirectoryIsNotRead() {
            write("main.tf", role("x", "file(\"/etc/hostname\")"));

            assertThat(roles().get("aws_iam_role.x").outcome()).isEqualTo(new Outcome.Unresolved(
                    "unresolved reference to file(\"/etc/hostname\") in the trust policy (outside the working "
                            + "directory: not read)"));
        }

        @Test
        void functionThatIsNotEvaluatedLeavesItsValueOpen() {
            write("main.tf", role("x", """
                    jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = sha1("x") } }] })"""));

            RoleCheck role = roles().get("aws_iam_role.x");

            assertThat(compliance(role)).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(assumptions(role)).containsExactly("sha1(\"x\") = any principal of an account outside the "
                    + "trusted accounts (the function sha1 is not evaluated before deployment)");
        }
    }

    @Nested
    class PolicyDocuments {
        @Test
        void statementBlocksAreTranslatedAsTheAwsProviderDoes() {
            write("main.tf", """
                    data "aws_iam_policy_document" "trust" {
                      statement {
                        sid     = "Partner"
                        actions = ["sts:AssumeRole"]
                        principals {
                          type        = "AWS"
                          identifiers = ["arn:aws:iam::222222222222:root"]
                        }
                        principals {
                          type        = "AWS"
                          identifiers = ["333333333333"]
                        }
                        principals {
                          type        = "Service"
                          identifiers = []
                        }
                        condition {
                          test     = "StringEquals"
                          variable = "sts:ExternalId"
                          values   = ["a"]
                        }
                        condition {
                          test     = "StringEquals"
                          variable = "sts:ExternalId"
                          values   = ["b"]
                        }
                        condition {
                          test     = "StringLike"
                          variable = "aws:PrincipalArn"
                          values   = ["arn:aws:iam::*:role/&{aws:username}"]
                        }
                      }
                      statement {
                        effect      = "Deny"
                        not_actions = ["sts:TagSession"]
                        principals {
                          type        = "*"
                          identifiers = ["*"]
                        }
                      }
                    }
                    resource "aws_iam_role" "x" {
                      assume_role_policy = data.aws_iam_policy_document.trust.json
                    }
                    """);

            assertThat(policy("aws_iam_role.x")).isEqualTo(TerraformSourceTest.parse("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Sid": "Partner", "Effect": "Allow", "Action": ["sts:AssumeRole"],
                       "Principal": {"AWS": ["arn:aws:iam::222222222222:root", "333333333333"]},
                       "Condition": {"StringEquals": {"sts:ExternalId": ["a", "b"]},
                                     "StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/${aws:username}"]}}},
                      {"Effect": "Deny", "NotAction": ["sts:TagSession"], "Principal": "*"}]}
                    """));
        }

        private static String conditions(String name, String... blocks) {
            StringBuilder text = new StringBuilder("data \"aws_iam_policy_document\" \"" + name + "\" {\n"
                    + "  statement {\n    actions = [\"sts:AssumeRole\"]\n"
                    + "    principals {\n      type = \"AWS\"\n"
                    + "      identifiers = [\"arn:aws:iam::222222222222:root\"]\n    }\n");
            for (String block : blocks) {
                String[] parts = block.split(" ", 3);
                text.append("    condition {\n      test = \"").append(parts[0]).append("\"\n      variable = \"")
                        .append(parts[1]).append("\"\n      values = [").append(parts[2]).append("]\n    }\n");
            }
            return text.append("  }\n}\n").toString();
        }

        @Test
        void twoConditionBlocksOnOneKeyMatchEitherValue() {
            write("main.tf", conditions("either", "Bool aws:MultiFactorAuthPresent \"true\"",
                    "Bool aws:MultiFactorAuthPresent \"false\"")
                    + conditions("both", "Bool aws:MultiFactorAuthPresent \"true\"",
                    "NumericLessThan aws:MultiFactorAuthAge 3600")
                    + role("either", "data.aws_iam_policy_document.either.json")
                    + role("both", "data.aws_iam_policy_document.both.json"));

            Map<String, RoleCheck> roles = roles();

            assertThat(compliance(roles.get("aws_iam_role.either"))).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(compliance(roles.get("aws_iam_role.both"))).isEqualTo(Compliance.COMPLIANT);
        }

        private String document(String name, String sid, boolean mfa, String extra) {
            return "data \"aws_iam_policy_document\" \"" + name + "\" {\n" + extra + """
                      statement {
                        sid     = "%s"
                        actions = ["sts:AssumeRole"]
                        principals {
                          type        = "AWS"
                          identifiers = ["arn:aws:iam::222222222222:root"]
                        }
                    """.formatted(sid) + (mfa ? """
                        condition {
                          test     = "Bool"
                          variable = "aws:MultiFactorAuthPresent"
                          values   = ["true"]
                        }
                    """ : "") + "  }\n}\n";
        }

        @Test
        void statementWithTheSameSidReplacesTheSourceDocumentsAndAnOverrideReplacesIt() {
            write("main.tf", document("base", "Partner", false, "")
                    + document("hardened", "Partner", true,
                            "  source_policy_documents = [data.aws_iam_policy_document.base.json]\n")
                    + document("loosened", "Partner", true,
                            "  override_policy_documents = [data.aws_iam_policy_document.base.json]\n")
                    + document("appended", "Other", true,
                            "  source_policy_documents = [data.aws_iam_policy_document.base.json]\n")
                    + role("hardened", "data.aws_iam_policy_document.hardened.json")
                    + role("loosened", "data.aws_iam_policy_document.loosened.json")
                    + role("appended", "data.aws_iam_policy_document.appended.json"));

            Map<String, RoleCheck> roles = roles();

            assertThat(compliance(roles.get("aws_iam_role.hardened"))).isEqualTo(Compliance.COMPLIANT);
            assertThat(compliance(roles.get("aws_iam_role.loosened"))).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(compliance(roles.get("aws_iam_role.appended"))).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(policy("aws_iam_role.appended").path("Statement")).hasSize(2);
        }

        @Test
        void dynamicBlocksAreExpandedOverALiteralOrResolvableForEach() {
            write("main.tf", """
                    variable "partner_accounts" {
                      type    = list(string)
                      default = ["222222222222", "333333333333"]
                    }
                    locals {
                      mfa_keys = ["aws:MultiFactorAuthPresent"]
                    }
                    data "aws_iam_policy_document" "trust" {
                      statement {
                        actions = ["sts:AssumeRole"]
                        dynamic "principals" {
                          for_each = var.partner_accounts
                          iterator = account
                          content {
                            type        = "AWS"
                            identifiers = ["arn:aws:iam::${account.value}:root"]
                          }
                        }
                        dynamic "condition" {
                          for_each = local.mfa_keys
                          content {
                            test     = "Bool"
                            variable = condition.value
                            values   = ["true"]
                          }
                        }
                      }
                    }
                    resource "aws_iam_role" "x" {
                      assume_role_policy = data.aws_iam_policy_document.trust.json
                    }
                    """);

            assertThat(policy("aws_iam_role.x").path("Statement").get(0)).isEqualTo(TerraformSourceTest.parse("""
                    {"Effect": "Allow", "Action": ["sts:AssumeRole"],
                     "Principal": {"AWS": ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"]},
                     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": ["true"]}}}
                    """));
            assertThat(compliance(roles().get("aws_iam_role.x"))).isEqualTo(Compliance.COMPLIANT);
        }

        @Test
        void dynamicConditionsOverAnOpenListHaveNoVerdict() {
            write("main.tf", """
                    variable "conditions" {
                      type = list(object({ test = string, variable = string, values = list(string) }))
                    }
                    data "aws_iam_policy_document" "trust" {
                      statement {
                        actions = ["sts:AssumeRole"]
                        principals {
                          type        = "AWS"
                          identifiers = ["arn:aws:iam::222222222222:root"]
                        }
                        dynamic "condition" {
                          for_each = var.conditions
                          content {
                            test     = condition.value.test
                            variable = condition.value.variable
                            values   = condition.value.values
                          }
                        }
                      }
                    }
                    resource "aws_iam_role" "x" {
                      assume_role_policy = data.aws_iam_policy_document.trust.json
                    }
                    """);

            assertThat(roles().get("aws_iam_role.x").outcome()).isEqualTo(new Outcome.Unresolved(
                    "unresolved reference to dynamic \"condition\" (for_each = var.conditions) in "
                            + "Statement[0].Condition (how many blocks, and what is in them, is known only at apply)"));
        }

        @Test
        void nonCompliantRolePointsAtTheStatementOfItsDocumentInAnotherFile() {
            write("data.tf", document("trust", "Partner", false, ""));
            write("main.tf", role("x", "data.aws_iam_policy_document.trust.json"));

            RoleCheck role = roles().get("aws_iam_role.x");

            assertThat(role.statement()).contains(new SourceLocation(dir.resolve("data.tf").toString(), 2));
            assertThat(role.line()).isEqualTo(2);
        }
    }

    @Nested
    class Values {
        private static final String MFA_SWITCH = """
                variable "require_mfa" {
                  type    = bool
                  default = true
                }
                resource "aws_iam_role" "x" {
                  assume_role_policy = jsonencode({ Statement = [{
                    Effect = "Allow", Action = "sts:AssumeRole",
                    Principal = { AWS = "arn:aws:iam::222222222222:root" },
                    Condition = var.require_mfa ? { Bool = { "aws:MultiFactorAuthPresent" = "true" } } : {}
                  }] })
                }
                """;

        @Test
        void conditionalOnADefaultOnlyIsEvaluatedInBothBranches() {
            write("main.tf", MFA_SWITCH);

            RoleCheck role = roles().get("aws_iam_role.x");

            assertThat(compliance(role)).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(assumptions(role)).containsExactly("var.require_mfa = false (the worse branch)");
        }

        @Test
        void terraformTfvarsDecidesTheConditional() {
            write("main.tf", MFA_SWITCH);
            write("terraform.tfvars", "require_mfa = true\n");

            RoleCheck role = roles().get("aws_iam_role.x");

            assertThat(compliance(role)).isEqualTo(Compliance.COMPLIANT);
            assertThat(assumptions(role)).isEmpty();
        }

        @Test
        void laterSourcesOfValuesWinAsInTerraform() throws IOException {
            write("main.tf", MFA_SWITCH);
            write("terraform.tfvars", "require_mfa = false\n");
            write("a.auto.tfvars.json", "{\"require_mfa\": true}");
            Path varFile = dir.resolve("prod.tfvars");
            Files.writeString(varFile, "require_mfa = false\n");
            TerraformVariables fromFile = TerraformVariables.read(List.of(varFile));

            assertThat(compliance(roles(check(ACCOUNT, ParameterValues.NONE, TerraformVariables.NONE))
                    .get("aws_iam_role.x"))).isEqualTo(Compliance.COMPLIANT);
            assertThat(compliance(roles(check(ACCOUNT, ParameterValues.NONE, fromFile))
                    .get("aws_iam_role.x"))).isEqualTo(Compliance.NON_COMPLIANT);
            ParameterValues overrides = ParameterValues.parseOverrides(List.of("require_mfa=true"));
            assertThat(compliance(roles(check(ACCOUNT, overrides, fromFile)).get("aws_iam_role.x")))
                    .isEqualTo(Compliance.COMPLIANT);
        }

        @Test
        void listValueOnTheCommandLineIsReadAsHclForAListVariable() {
            write("main.tf", """
                    variable "trusted" {
                      type = list(string)
                    }
                    resource "aws_iam_role" "x" {
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = var.trusted } }] })
                    }
                    """);
            ParameterValues overrides = ParameterValues.parseOverrides(List.of("trusted=[\"111111111111\"]"));

            assertThat(compliance(roles(check(ACCOUNT, overrides, TerraformVariables.NONE)).get("aws_iam_role.x")))
                    .isEqualTo(Compliance.NOT_APPLICABLE);
        }

        @Test
        void variableWithoutValueGetsTheWorstCaseWithItsAssumption() {
            write("main.tf", """
                    variable "deploy_account_id" {
                      type = string
                    }
                    resource "aws_iam_role" "x" {
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = "arn:aws:iam::${var.deploy_account_id}:root" } }] })
                    }
                    """);

            RoleCheck role = roles().get("aws_iam_role.x");

            assertThat(compliance(role)).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(evaluated(role).evaluation().annotation())
                    .isEqualTo("Assumable without MFA by arn:aws:iam::<deploy_account_id>:root (statement 1, "
                            + "sts:AssumeRole)");
            assertThat(assumptions(role)).containsExactly("var.deploy_account_id = any account outside the trusted "
                    + "accounts (no default and no value given)");
        }

        private static final String OWN = """
                data "aws_caller_identity" "current" {}
                data "aws_partition" "current" {}
                resource "aws_iam_role" "x" {
                  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                    Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" } }] })
                }
                """;

        @Test
        void callerIdentityIsTheOwnAccountWithOrWithoutAccount() {
            write("main.tf", OWN);

            RoleCheck known = roles().get("aws_iam_role.x");
            RoleCheck unknown = roles(check(RoleContext.unknown(), ParameterValues.NONE, TerraformVariables.NONE))
                    .get("aws_iam_role.x");

            assertThat(compliance(known)).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(compliance(unknown)).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(evaluated(unknown).evaluation().findings()).extracting(Finding::kind)
                    .contains(Finding.Kind.ACCOUNT_UNKNOWN);
        }

        @Test
        void partitionComesFromTheRoleArn() {
            write("main.tf", OWN.replace("\"AWS\"", "AWS") + """
                    resource "aws_iam_role" "y" {
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::222222222222:root" } }] })
                    }
                    """);
            RoleContext china = RoleContext.ofRoleArn("arn:aws-cn:iam::111111111111:role/ci");

            RoleCheck role = roles(check(china, ParameterValues.NONE, TerraformVariables.NONE)).get("aws_iam_role.y");

            assertThat(evaluated(role).evaluation().annotation()).contains("arn:aws-cn:iam::222222222222:root");
        }

        @Test
        void roleOfTheConfigurationIsInTheOwnAccount() {
            write("main.tf", """
                    resource "aws_iam_role" "ci" {
                      name               = "ci"
                      assume_role_policy = jsonencode({ Statement = [] })
                    }
                    resource "aws_iam_role" "x" {
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = aws_iam_role.ci.arn } }] })
                    }
                    """);

            RoleCheck role = roles().get("aws_iam_role.x");

            assertThat(compliance(role)).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(assumptions(role)).containsExactly(
                    "aws_iam_role.ci.arn = role ci of the configuration's own account");
        }

        @Test
        void commonFunctionsAreEvaluated() {
            write("main.tf", """
                    variable "accounts" {
                      default = ["222222222222", "222222222222", ""]
                    }
                    locals {
                      principals = concat(formatlist("arn:aws:iam::%s:root", compact(distinct(var.accounts))),
                                          tolist(toset([format("arn:aws:iam::%s:role/%s", "333333333333", "ci")])))
                      tags = merge({ a = "1" }, { b = "2" })
                    }
                    resource "aws_iam_role" "x" {
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = local.principals } }] })
                      tags = local.tags
                    }
                    """);

            assertThat(policy("aws_iam_role.x").at("/Statement/0/Principal/AWS")).isEqualTo(TerraformSourceTest
                    .parse("[\"arn:aws:iam::222222222222:root\", \"arn:aws:iam::333333333333:role/ci\"]"));
        }
    }

    @Nested
    class Instances {
        @Test
        void countAndForEachRolesAreAddressedByIndexAndKey() {
            write("main.tf", """
                    resource "aws_iam_role" "counted" {
                      count              = 2
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = "arn:aws:iam::22222222222${count.index}:root" } }] })
                    }
                    resource "aws_iam_role" "keyed" {
                      for_each           = { acme = "333333333333", globex = "111111111111" }
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = each.value } }] })
                    }
                    resource "aws_iam_role" "none" {
                      count              = 0
                      assume_role_policy = "{}"
                    }
                    """);

            Map<String, RoleCheck> roles = roles();

            assertThat(roles.keySet()).containsExactly("aws_iam_role.counted[0]", "aws_iam_role.counted[1]",
                    "aws_iam_role.keyed[\"acme\"]", "aws_iam_role.keyed[\"globex\"]");
            assertThat(compliance(roles.get("aws_iam_role.keyed[\"acme\"]"))).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(compliance(roles.get("aws_iam_role.keyed[\"globex\"]"))).isEqualTo(Compliance.NOT_APPLICABLE);
        }

        @Test
        void forEachOverAnOpenSetIsOneRoleForEveryInstance() {
            write("main.tf", """
                    variable "partners" {
                      type = map(string)
                    }
                    resource "aws_iam_role" "partner" {
                      for_each           = var.partners
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = "arn:aws:iam::${each.value}:root" } }] })
                    }
                    """);

            RoleCheck role = roles().get("aws_iam_role.partner[*]");

            assertThat(compliance(role)).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(assumptions(role)).containsExactly("aws_iam_role.partner each.value = any account outside "
                    + "the trusted accounts (an instance of aws_iam_role.partner, whose count or for_each is known "
                    + "only at apply)");
        }

        @Test
        void tagsAndProviderDefaultTagsExemptARole() {
            write("main.tf", """
                    provider "aws" {
                      default_tags {
                        tags = { team = "platform" }
                      }
                    }
                    resource "aws_iam_role" "x" {
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = "arn:aws:iam::222222222222:root" } }] })
                      tags = { mfa-exempt = "vendor cannot use MFA" }
                    }
                    """);
            TemplateChecker checker = new TemplateChecker(new VerdictEngine(RuleParameters.parse(
                    "{\"ExemptionTagKey\":\"mfa-exempt\"}")), ACCOUNT);

            RoleCheck role = roles(checker.checkAll(List.of(new TemplateChecker.Input.File(dir.toString())), Set.of()))
                    .get("aws_iam_role.x");

            assertThat(compliance(role)).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(evaluated(role).evaluation().annotation()).startsWith(
                    "Exempt by tag mfa-exempt: vendor cannot use MFA");
        }
    }

    @Nested
    class Modules {
        private static final String MODULE = """
                variable "account_id" {}
                variable "require_mfa" {
                  default = false
                }
                resource "aws_iam_role" "this" {
                  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                    Principal = { AWS = "arn:aws:iam::${var.account_id}:root" },
                    Condition = var.require_mfa ? { Bool = { "aws:MultiFactorAuthPresent" = "true" } } : {} }] })
                }
                output "arn" {
                  value = aws_iam_role.this.arn
                }
                """;

        @Test
        void localModulesAreFollowedWithTheirArgumentsAndRegistryModulesAreNoticed() {
            write("modules/role/main.tf", MODULE);
            write("main.tf", """
                    module "partner" {
                      source      = "./modules/role"
                      account_id  = "222222222222"
                      require_mfa = true
                    }
                    module "vendors" {
                      source     = "./modules/role"
                      for_each   = toset(["333333333333"])
                      account_id = each.key
                    }
                    module "remote" {
                      source = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"
                    }
                    """);

            CheckResult result = check(ACCOUNT, ParameterValues.NONE, TerraformVariables.NONE);
            Map<String, RoleCheck> roles = roles(result);

            assertThat(roles.keySet()).containsExactly("module.partner.aws_iam_role.this",
                    "module.vendors[\"333333333333\"].aws_iam_role.this");
            assertThat(compliance(roles.get("module.partner.aws_iam_role.this"))).isEqualTo(Compliance.COMPLIANT);
            assertThat(compliance(roles.get("module.vendors[\"333333333333\"].aws_iam_role.this")))
                    .isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(result.reports()).extracting(FileReport::file)
                    .containsExactly(dir.resolve("modules/role/main.tf").toString());
            assertThat(result.notices()).extracting(Notice::message).containsExactly("module.remote: not followed: "
                    + "its source terraform-aws-modules/iam/aws//modules/iam-assumable-role is not a local directory; "
                    + "its roles are checked in the plan (terraform show -json)");
        }

        @Test
        void moduleOutputsAreValues() {
            write("modules/role/main.tf", MODULE);
            write("main.tf", """
                    module "ci" {
                      source     = "./modules/role"
                      account_id = "111111111111"
                    }
                    resource "aws_iam_role" "x" {
                      assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = module.ci.arn } }] })
                    }
                    """);

            assertThat(compliance(roles().get("aws_iam_role.x"))).isEqualTo(Compliance.NOT_APPLICABLE);
        }

        @Test
        void missingLocalModuleIsAnError() {
            write("main.tf", "module \"gone\" {\n  source = \"./modules/gone\"\n}\n");

            assertThat(roles().get("module.gone").outcome()).isEqualTo(new Outcome.Invalid(
                    "the module's source ./modules/gone is not a directory"));
        }

        @Test
        void directorySearchChecksACalledModuleOnlyThroughItsCaller() {
            write("modules/role/main.tf", MODULE);
            write("envs/prod/main.tf", """
                    module "partner" {
                      source     = "../../modules/role"
                      account_id = "222222222222"
                    }
                    """);

            assertThat(roles().keySet()).containsExactly("module.partner.aws_iam_role.this");
        }
    }

    @Nested
    class Directories {
        @Test
        void mixedDirectoriesReadTemplatesAndModulesAndSkipDotTerraform() {
            write("cfn/template.yaml", """
                    Resources:
                      PartnerRole:
                        Type: AWS::IAM::Role
                        Properties:
                          AssumeRolePolicyDocument:
                            Statement:
                              - {Effect: Allow, Principal: {AWS: arn:aws:iam::222222222222:root}, Action: sts:AssumeRole}
                    """);
            write("main.tf", role("x", "jsonencode({ Statement = [] })"));
            write("terraform.tfvars.json", "{}");
            write(".terraform/modules/cached/main.tf", role("downloaded", "jsonencode({ Statement = [] })"));

            CheckResult result = check(ACCOUNT, ParameterValues.NONE, TerraformVariables.NONE);

            assertThat(roles(result).keySet()).containsExactly("PartnerRole", "aws_iam_role.x");
            assertThat(result.notices()).isEmpty();
        }

        @Test
        void moduleWithoutRolesIsCheckedAndHasNone() {
            write("main.tf", "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n");

            CheckResult result = check(ACCOUNT, ParameterValues.NONE, TerraformVariables.NONE);

            assertThat(result.reports()).containsExactly(new FileReport.Checked(dir.toString(),
                    SourceKind.TERRAFORM_SOURCE, List.of()));
        }

        @Test
        void fileWithASyntaxErrorFailsAloneAndTheModulesOtherFilesAreChecked() {
            write("broken.tf", "resource \"aws_iam_role\" \"b\" {\n  name = = 1\n}\n");
            write("main.tf", role("x", "jsonencode({ Statement = [] })"));

            CheckResult result = check(ACCOUNT, ParameterValues.NONE, TerraformVariables.NONE);

            assertThat(result.reports()).hasSize(2);
            assertThat(result.reports().getFirst()).isEqualTo(new FileReport.Failed(dir.resolve("broken.tf")
                    .toString(), "not valid Terraform syntax: unexpected \"=\" (line 2, column 10)"));
            assertThat(result.reports().get(1)).isInstanceOf(FileReport.Checked.class);
        }

        @Test
        void namedFileReportsItsOwnRolesWithTheWholeModuleRead() {
            write("variables.tf", "variable \"account\" {\n  default = \"222222222222\"\n}\n");
            write("a.tf", role("a", """
                    jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",
                        Principal = { AWS = var.account } }] })"""));
            write("b.tf", role("b", "jsonencode({ Statement = [] })"));

            Map<String, RoleCheck> roles = roles(check(ACCOUNT, ParameterValues.NONE, TerraformVariables.NONE,
                    dir.resolve("a.tf").toString()));

            assertThat(roles.keySet()).containsExactly("aws_iam_role.a");
            assertThat(compliance(roles.get("aws_iam_role.a"))).isEqualTo(Compliance.NON_COMPLIANT);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
