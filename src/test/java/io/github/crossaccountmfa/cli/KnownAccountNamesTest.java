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
}
