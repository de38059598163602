package io.github.crossaccountmfa.cli;

import static io.github.crossaccountmfa.cli.CheckTemplateRun.ACCOUNT;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.AUDIT_JSON;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.INVALID_POLICY;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.MALFORMED;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.PARTNER_ACCESS;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.PLAN;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.SAM;
import static io.github.crossaccountmfa.cli.CheckTemplateRun.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code --format sarif}: every property GitHub code scanning requires, and where each result points. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the tests read one run; none changes it
class CheckTemplateSarifTest {
    private static final String MFA_FIX = "\"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}";

    private final CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "sarif",
            PARTNER_ACCESS, AUDIT_JSON, SAM, PLAN, INVALID_POLICY, MALFORMED);
    private final JsonNode sarif = run.sarif();
    private final JsonNode driver = sarif.path("runs").path(0).path("tool").path("driver");
    private final JsonNode results = sarif.path("runs").path(0).path("results");

    private List<JsonNode> results() {
        List<JsonNode> list = new ArrayList<>();
        results.forEach(list::add);
        return list;
    }

    private JsonNode resultFor(String resource) {
        return results().stream()
                .filter(r -> r.path("locations").path(0).path("logicalLocations").path(0).path("name").asText().equals(resource))
                .findFirst().orElseThrow(() -> new AssertionError("no result for " + resource));
    }

    private static String uri(JsonNode result) {
        return result.path("locations").path(0).path("physicalLocation").path("artifactLocation").path("uri").asText();
    }

    private static int startLine(JsonNode result) {
        return result.path("locations").path(0).path("physicalLocation").path("region").path("startLine").asInt();
    }

    @Test
    void logDeclaresSarif210AndItsSchema() {
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(sarif.path("runs")).hasSize(1);
    }

    @Test
    void driverNamesTheToolItsVersionAndWhereToLearnMore() {
        assertThat(driver.path("name").asText()).isEqualTo("cross-account-mfa-rule");
        assertThat(driver.path("informationUri").asText()).startsWith("https://");
        assertThat(driver.path("semanticVersion").asText()).matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
        assertThat(driver.path("version").asText()).isNotBlank();
    }

    @Test
    void driverDeclaresOneRulePerKindOfResultWithEveryDescriptiveProperty() {
        JsonNode rules = driver.path("rules");

        assertThat(rules).extracting(r -> r.path("id").asText()).containsExactly("CAMR001", "CAMR002", "CAMR003");
        assertThat(rules.get(0).path("name").asText()).isEqualTo("cross-account-assume-role-without-mfa");
        for (JsonNode rule : rules) {
            assertThat(rule.path("name").asText()).isNotBlank();
            assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
            assertThat(rule.path("fullDescription").path("text").asText()).isNotBlank();
            assertThat(rule.path("help").path("text").asText()).isNotBlank();
            assertThat(rule.path("help").path("markdown").asText()).isNotBlank();
            assertThat(rule.path("defaultConfiguration").path("level").asText()).isIn("error", "warning", "note");
            assertThat(rule.path("properties").path("tags").isArray()).isTrue();
        }
    }

    @Test
    void mfaRuleIsAHighSeveritySecurityErrorWhoseHelpGivesTheFix() {
        JsonNode rule = driver.path("rules").get(0);

        assertThat(rule.path("defaultConfiguration").path("level").asText()).isEqualTo("error");
        assertThat(rule.path("properties").path("tags")).extracting(JsonNode::asText).contains("security");
        assertThat(Double.parseDouble(rule.path("properties").path("security-severity").asText())).isBetween(7.0, 8.9);
        assertThat(rule.path("help").path("text").asText()).contains(MFA_FIX);
        assertThat(rule.path("help").path("markdown").asText()).contains(MFA_FIX).contains("```yaml");
    }

    @Test
    void everyResultCarriesRuleIdIndexLevelMessageAndPhysicalLocation() {
        JsonNode rules = driver.path("rules");

        assertThat(results().size()).isPositive();
        for (JsonNode result : results) {
            JsonNode rule = rules.get(result.path("ruleIndex").asInt());
            assertThat(result.path("ruleId").asText()).isEqualTo(rule.path("id").asText());
            assertThat(result.path("level").asText()).isEqualTo(rule.path("defaultConfiguration").path("level").asText());
            assertThat(result.path("message").path("text").asText()).isNotBlank();
            assertThat(uri(result)).doesNotStartWith("/").doesNotContain("\\").startsWith("src/test/resources/templates/");
            assertThat(startLine(result)).isPositive();
            assertThat(result.path("partialFingerprints").path("resourceHash/v1").asText()).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void nonCompliantRoleIsAnErrorAtTheLineOfItsResourceWithTheAnnotation() {
        JsonNode result = resultFor("PartnerReadOnlyRole");
        String annotation = CheckTemplateRun.of("--account", ACCOUNT, "--format", "json", PARTNER_ACCESS)
                .role("PartnerReadOnlyRole").path("annotation").asText();

        assertThat(result.path("ruleId").asText()).isEqualTo("CAMR001");
        assertThat(result.path("ruleIndex").asInt()).isZero();
        assertThat(result.path("level").asText()).isEqualTo("error");
        assertThat(result.path("message").path("text").asText()).isEqualTo(annotation);
        assertThat(uri(result)).isEqualTo(PARTNER_ACCESS);
        assertThat(startLine(result)).isEqualTo(lineOf(PARTNER_ACCESS, "PartnerReadOnlyRole:"));
    }

    @Test
    void jsonTemplateResultPointsAtTheLineOfItsResource() {
        JsonNode result = resultFor("VendorIntegrationRole");

        assertThat(uri(result)).isEqualTo(AUDIT_JSON);
        assertThat(startLine(result)).isEqualTo(lineOf(AUDIT_JSON, "\"VendorIntegrationRole\": {"));
    }

    @Test
    void samFunctionResultPointsAtTheFunction() {
        JsonNode result = resultFor("IncidentResponseFunction");

        assertThat(uri(result)).isEqualTo(SAM);
        assertThat(startLine(result)).isEqualTo(lineOf(SAM, "IncidentResponseFunction:"));
    }

    @Test
    void terraformResultPointsAtThePlanFileItsOneLineAndTheAddress() {
        JsonNode result = resultFor("aws_iam_role.partner_support");

        assertThat(uri(result)).isEqualTo(PLAN);
        assertThat(startLine(result)).isEqualTo(1);
        assertThat(result.path("ruleId").asText()).isEqualTo("CAMR001");
    }

    @Test
    void unresolvedRoleIsAWarningOfItsOwnRuleWithTheReference() {
        JsonNode result = resultFor("aws_iam_role.pipeline_target");

        assertThat(result.path("ruleId").asText()).isEqualTo("CAMR002");
        assertThat(result.path("ruleIndex").asInt()).isEqualTo(1);
        assertThat(result.path("level").asText()).isEqualTo("warning");
        assertThat(result.path("message").path("text").asText()).startsWith(
                "unresolved reference to assume_role_policy in the trust policy (known only after apply");
        assertThat(startLine(result)).isEqualTo(1);
    }

    @Test
    void worstCaseResultSaysWhatItAssumedInOneClause() {
        JsonNode result = resultFor("SharedServicesRole");

        assertThat(result.path("ruleId").asText()).isEqualTo("CAMR001");
        assertThat(result.path("message").path("text").asText()).isEqualTo("Assumable without MFA by "
                + "<SharedServices-AccountId> (statement 1, sts:AssumeRole) (assuming Fn::ImportValue "
                + "SharedServices-AccountId = any principal of an account outside the trusted accounts)");
        assertThat(result.path("properties").path("assumptions").path(0).path("value").asText())
                .isEqualTo("Fn::ImportValue SharedServices-AccountId");
        assertThat(startLine(result)).isEqualTo(lineOf(PARTNER_ACCESS, "SharedServicesRole:"));
    }

    @Test
    void invalidTrustPolicyIsAnErrorOfItsOwnRule() {
        assertThat(resultFor("TypoRole").path("ruleId").asText()).isEqualTo("CAMR003");
        assertThat(resultFor("MissingTrustPolicyRole").path("level").asText()).isEqualTo("error");
    }

    @Test
    void compliantAndNotApplicableRolesAreNotResults() {
        List<String> resources = results().stream()
                .map(r -> r.path("locations").path(0).path("logicalLocations").path(0).path("name").asText()).toList();

        assertThat(resources).doesNotContain("PartnerMfaRole", "LambdaExecutionRole", "AuditRole", "ReportsRole",
                "module.vendor_access.aws_iam_role.this", "FineRole");
        // 14 + 1 + 1 + 2 NON_COMPLIANT (three of them worst cases), 1 without a verdict, 2 invalid
        assertThat(resources).hasSize(21);
    }

    @Test
    void unreadableFileIsAToolExecutionNotificationAndNotAResult() {
        JsonNode invocation = sarif.path("runs").path(0).path("invocations").path(0);

        assertThat(invocation.path("executionSuccessful").asBoolean(true)).isFalse();
        JsonNode notification = invocation.path("toolExecutionNotifications").path(0);
        assertThat(notification.path("level").asText()).isEqualTo("error");
        assertThat(notification.path("message").path("text").asText()).startsWith(MALFORMED + ": not valid YAML");
        assertThat(notification.path("locations").path(0).path("physicalLocation").path("artifactLocation")
                .path("uri").asText()).isEqualTo(MALFORMED);
        assertThat(results()).noneMatch(r -> uri(r).equals(MALFORMED));
    }

    @Test
    void runWithoutUnreadableFilesIsSuccessfulAndHasNoNotifications() {
        JsonNode invocation = CheckTemplateRun.of("--format", "sarif", SAM).sarif().path("runs").path(0)
                .path("invocations").path(0);

        assertThat(invocation.path("executionSuccessful").asBoolean()).isTrue();
        assertThat(invocation.has("toolExecutionNotifications")).isFalse();
    }

    @Test
    void fingerprintsAreStableAcrossRunsAndDistinctPerResource() {
        JsonNode again = CheckTemplateRun.of("--account", ACCOUNT, "--format", "sarif",
                PARTNER_ACCESS, AUDIT_JSON, SAM, PLAN, INVALID_POLICY, MALFORMED).sarif().path("runs").path(0).path("results");
        List<String> fingerprints = results().stream()
                .map(r -> r.path("partialFingerprints").path("resourceHash/v1").asText()).toList();

        assertThat(again).extracting(r -> r.path("partialFingerprints").path("resourceHash/v1").asText())
                .containsExactlyElementsOf(fingerprints);
        assertThat(fingerprints).doesNotHaveDuplicates();
    }

    @Test
    void sarifIsTheWholeStandardOutputAndErrorsGoToStandardError() {
        assertThat(run.out().strip()).startsWith("{").endsWith("}");
        assertThat(run.err()).contains(MALFORMED + ": error: not valid YAML")
                .contains(PLAN + "#aws_iam_role.pipeline_target: error: unresolved reference");
    }

    @Test
    void exitStatusIsTheSameAsWithTheOtherFormats() {
        assertThat(run.status()).isEqualTo(Main.ERROR);
        assertThat(CheckTemplateRun.of("--account", ACCOUNT, "--format", "sarif", SAM).status()).isEqualTo(Main.NON_COMPLIANT);
    }
}
