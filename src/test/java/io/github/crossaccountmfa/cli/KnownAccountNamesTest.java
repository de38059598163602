package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vendor's documented account is named wherever the tool names the account: here SARIF and check-policy. */
class KnownAccountNamesTest {
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::464622532012:root\"},\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"abc\"}}}]}";

    @TempDir
    Path dir;

    @Test
    void sarifMessageNamesTheVendor() throws IOException {
        Path template = dir.resolve("template.json");
        Files.writeString(template, "{\"Resources\":{\"DatadogRole\":{\"Type\":\"AWS::IAM::Role\",\"Properties\":"
                + "{\"AssumeRolePolicyDocument\":" + POLICY + "}}}}");

        CheckTemplateRun run = CheckTemplateRun.of("--account", "111111111111", "--format", "sarif",
                template.toString());

        JsonNode result = run.sarif().path("runs").path(0).path("results").path(0);
        assertThat(result.path("message").path("text").asText())
                .isEqualTo("Assumable without MFA by arn:aws:iam::464622532012:root (Datadog) (statement 1, "
                        + "sts:AssumeRole)");
    }

    @Test
    void knownAccountsFileNamesAPartnerInCheckTemplateAndCheckPolicy() throws IOException {
        String partner = POLICY.replace("464622532012", "222222222222");
        Path template = dir.resolve("template.json");
        Files.writeString(template, "{\"Resources\":{\"PartnerRole\":{\"Type\":\"AWS::IAM::Role\",\"Properties\":"
                + "{\"AssumeRolePolicyDocument\":" + partner + "}}}}");
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, partner);
        Path names = dir.resolve("names.yaml");
        Files.writeString(names, "- name: Partner Ltd\n  accounts: [\"222222222222\"]\n");

        CheckTemplateRun template1 = CheckTemplateRun.of("--account", "111111111111", "--known-accounts",
                names.toString(), "--format", "sarif", template.toString());
        CliRun checked = CliRun.of("check-policy", "--account", "111111111111", "--known-accounts", names.toString(),
                policy.toString());

        assertThat(template1.sarif().path("runs").path(0).path("results").path(0).path("message").path("text")
                .asText()).contains("arn:aws:iam::222222222222:root (Partner Ltd)");
        assertThat(checked.out()).contains("arn:aws:iam::222222222222:root (Partner Ltd)");
    }

    @Test
    void withoutTheFileThePartnerStaysANumber() throws IOException {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, POLICY.replace("464622532012", "222222222222"));

        CliRun checked = CliRun.of("check-policy", "--account", "111111111111", policy.toString());

        assertThat(checked.out()).contains("arn:aws:iam::222222222222:root (statement 1").doesNotContain("Partner");
    }
}
