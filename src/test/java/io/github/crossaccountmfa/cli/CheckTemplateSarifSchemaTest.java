package io.github.crossaccountmfa.cli;

import static io.github.crossaccountmfa.cli.CheckTemplateRun.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --format sarif} is valid against the official SARIF 2.1.0 schema (bundled from the OASIS repository, see
 * {@code src/test/resources/sarif/README.md}), checked with the networknt JSON-schema validator, for output that
 * has every kind of result and notification.
 */
class CheckTemplateSarifSchemaTest {
    private static final Schema SARIF = schema();

    private static Schema schema() {
        try (InputStream in = CheckTemplateSarifSchemaTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> errors(JsonNode log) {
        return SARIF.validate(log).stream().map(Error::toString).toList();
    }

    @Test
    void everyKindOfResultAndNotificationIsValidSarif210() {
        CheckTemplateRun run = CheckTemplateRun.of("--account", ACCOUNT, "--format", "sarif",
                CheckTemplateRun.PARTNER_ACCESS, CheckTemplateRun.AUDIT_JSON, CheckTemplateRun.SAM, CheckTemplateRun.PLAN,
                CheckTemplateRun.INVALID_POLICY, CheckTemplateRun.MALFORMED, CheckTemplateOpenValuesTest.DIR,
                CheckTemplateRun.CDK_OUT, CheckTemplateTerraformSourceTest.DIR);
        JsonNode log = run.sarif();
        JsonNode runNode = log.path("runs").path(0);

        assertThat(runNode.path("results")).extracting(r -> r.path("ruleId").asText())
                .contains("CAMR001", "CAMR002", "CAMR003");
        assertThat(runNode.path("invocations").path(0).path("toolExecutionNotifications"))
                .extracting(n -> n.path("level").asText()).contains("error", "note");
        assertThat(errors(log)).isEmpty();
    }

    @Test
    void everyRuleLinksToItsHelp() {
        JsonNode rules = CheckTemplateRun.of("--format", "sarif", CheckTemplateRun.SAM).sarif()
                .path("runs").path(0).path("tool").path("driver").path("rules");

        assertThat(rules).hasSize(3).allSatisfy(rule -> assertThat(rule.path("helpUri").asText()).startsWith("https://"));
    }

    @Test
    void theValidatorRejectsWhatTheSchemaForbids() {
        ObjectNode log = (ObjectNode) CheckTemplateRun.of("--format", "sarif", CheckTemplateRun.SAM).sarif();
        ((ObjectNode) log.path("runs").path(0).path("results").path(0)).put("level", "fatal");
        log.remove("version");

        assertThat(errors(log)).hasSizeGreaterThanOrEqualTo(2);
    }
}
