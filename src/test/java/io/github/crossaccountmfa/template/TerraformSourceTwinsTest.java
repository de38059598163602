package io.github.crossaccountmfa.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Terraform source fixture beside its plan-JSON twin ({@code terraform show -json} of a plan of the same
 * configuration, with the values a deployment gives): reading the source gives the same roles, at the same
 * addresses, with the same verdicts as reading the plan, with the rule's default parameters and with
 * {@code AcceptExternalId=true}.
 */
class TerraformSourceTwinsTest {
    private static final String DIR = "src/test/resources/templates/terraform-source/";
    private static final RoleContext ACCOUNT = RoleContext.ofAccount("111111111111");

    static Stream<Arguments> twins() {
        return Stream.of(
                Arguments.of("iam-assumable-role", Map.of(
                        "module.admin.aws_iam_role.this[0]", Compliance.COMPLIANT,
                        "module.readonly.aws_iam_role.this[0]", Compliance.NON_COMPLIANT)),
                Arguments.of("vendor-integration", Map.of(
                        "aws_iam_role.vendor_integration", Compliance.NON_COMPLIANT,
                        "aws_iam_role.scanner", Compliance.NON_COMPLIANT)),
                Arguments.of("github-oidc", Map.of(
                        "aws_iam_role.github_actions_deploy", Compliance.NOT_APPLICABLE,
                        "aws_iam_role.github_actions_plan", Compliance.NOT_APPLICABLE)),
                Arguments.of("cross-account-deploy", Map.of(
                        "aws_iam_role.deploy", Compliance.NON_COMPLIANT,
                        "aws_iam_role.break_glass", Compliance.COMPLIANT,
                        "aws_iam_role.partner[\"acme\"]", Compliance.COMPLIANT,
                        "aws_iam_role.partner[\"globex\"]", Compliance.NON_COMPLIANT)));
    }

    private static Map<String, Compliance> verdicts(List<FileReport> reports) {
        Map<String, Compliance> verdicts = new LinkedHashMap<>();
        for (FileReport report : reports) {
            assertThat(report).as(report.file()).isInstanceOf(FileReport.Checked.class);
            for (RoleCheck role : ((FileReport.Checked) report).roles()) {
                assertThat(role.outcome()).as(role.resource()).isInstanceOf(Outcome.Evaluated.class);
                verdicts.put(role.resource(), ((Outcome.Evaluated) role.outcome()).evaluation().compliance());
            }
        }
        return verdicts;
    }

    private static Map<String, Compliance> check(RuleParameters parameters, String input) {
        TemplateChecker checker = new TemplateChecker(new VerdictEngine(parameters), ACCOUNT);
        return verdicts(checker.checkAll(List.of(new TemplateChecker.Input.File(input)), java.util.Set.of())
                .reports());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void sourceAndPlanGiveTheSameVerdicts(String fixture, Map<String, Compliance> expected) {
        Map<String, Compliance> fromSource = check(RuleParameters.DEFAULTS, DIR + fixture);
        Map<String, Compliance> fromPlan = check(RuleParameters.DEFAULTS, DIR + fixture + ".plan.json");

        assertThat(fromSource).isEqualTo(expected);
        assertThat(fromPlan).isEqualTo(fromSource);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void sourceAndPlanAgreeWhenAnExactExternalIdIsAccepted(String fixture, Map<String, Compliance> ignored) {
        RuleParameters acceptExternalId = RuleParameters.parse("{\"AcceptExternalId\":\"true\"}");

        assertThat(check(acceptExternalId, DIR + fixture))
                .isEqualTo(check(acceptExternalId, DIR + fixture + ".plan.json"));
    }
}
