package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.testing.HostileInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile templates through {@code check-template}: each parser limit, malformed text and wrong types is an error
 * naming the file, the element and the position, while the files around it are still checked; a {@code cdk.out}
 * whose symbolic links loop reports each template once.
 */
class HostileTemplatesTest {
    private static final String GOOD = """
            {"Resources":{"Partner":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{
             "Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},
             "Action":"sts:AssumeRole"}]}}}}}""";

    @TempDir
    Path dir;

    private String write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file.toString();
    }

    @Test
    void eachHostileTemplateIsItsOwnErrorAndTheGoodTemplatesAroundThemAreChecked() throws IOException {
        String first = write("first.json", GOOD);
        String deep = write("deep.json", GOOD.replace("\"Action\":\"sts:AssumeRole\"",
                "\"Action\":" + "[".repeat(1001) + "]".repeat(1001)));
        String number = write("number.json", GOOD.replace("\"Version\":\"2012-10-17\"", "\"Version\":" + "9".repeat(1001)));
        String key = write("key.json", GOOD.replace("\"Version\"", "\"" + "k".repeat(50_001) + "\""));
        String escape = write("escape.json", GOOD.replace("2012-10-17", "2012\\q"));
        String duplicate = write("duplicate.json", GOOD.replace("\"Version\":\"2012-10-17\"",
                "\"Version\":\"2012-10-17\",\"Version\":\"2008-10-17\""));
        String truncated = write("truncated.json", GOOD.substring(0, GOOD.length() - 4));
        String resources = write("resources-a-list.json", "{\"Resources\":[1,2]}");
        String policyNumber = write("policy-a-number.json",
                "{\"Resources\":{\"R\":{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"AssumeRolePolicyDocument\":42}}}}");
        String yamlDeep = write("deep.yaml", "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n"
                + "      AssumeRolePolicyDocument: " + "[".repeat(60) + "]".repeat(60) + "\n");
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        String yamlBomb = write("bomb.yaml", bomb + "Resources: *a8\n");
        String last = write("last.json", GOOD);

        CliRun run = CliRun.of("check-template", first, deep, number, key, escape, duplicate, truncated, resources,
                policyNumber, yamlDeep, yamlBomb, last);

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).contains("NON_COMPLIANT  " + first + "#Partner").contains("NON_COMPLIANT  " + last + "#Partner")
                .contains("ERROR  " + policyNumber + "#R\n  not a valid trust policy: expected the policy, got a number");
        assertThat(run.err().lines().toList()).containsExactly(
                deep + ": error: Resources.Partner.Properties.AssumeRolePolicyDocument.Statement[0].Action[0][0][…"
                        + "[0][0][0][0][0][0][0][0][0][0][0][0][0] (3055 characters): unreadable JSON: nested deeper "
                        + "than 1000 levels (line 3, column 1005)",
                number + ": error: Resources.Partner.Properties.AssumeRolePolicyDocument.Version: unreadable JSON: a "
                        + "number longer than 1000 digits (line 2, column 1013)",
                key + ": error: Resources.Partner.Properties.AssumeRolePolicyDocument: unreadable JSON: a key longer "
                        + "than 50000 characters (line 2, column 50005)",
                escape + ": error: Resources.Partner.Properties.AssumeRolePolicyDocument.Version: invalid JSON: invalid "
                        + "escape \\q in a string (line 2, column 18)",
                duplicate + ": error: Resources.Partner.Properties.AssumeRolePolicyDocument: invalid JSON: duplicate key "
                        + "\"Version\" (line 2, column 34)",
                truncated + ": error: Resources.Partner.Properties: invalid JSON: the document ends before an "
                        + "object is closed with '}' (line 3, column 30)",
                resources + ": error: neither a CloudFormation, SAM or CDK template (no Resources section) nor a "
                        + "Terraform plan in JSON (no format_version with planned_values)",
                yamlDeep + ": error: not valid YAML: nested deeper than 50 levels",
                yamlBomb + ": error: not valid YAML: more than 50 aliases of lists or maps (an alias bomb?): templates "
                        + "need few or none");
        assertThat(run.err()).doesNotContain(HostileInputs.LIBRARY_TEXT);
    }

    @Test
    void aCdkOutWhoseLinksLoopReportsEachTemplateOnce() throws IOException {
        Path cdkOut = Files.createDirectories(dir.resolve("cdk.out"));
        Files.writeString(cdkOut.resolve("Stack.template.json"), GOOD);
        Path stage = Files.createDirectories(cdkOut.resolve("assembly-Prod"));
        Files.writeString(stage.resolve("ProdStack.template.json"), GOOD);
        Files.createSymbolicLink(stage.resolve("assembly-Loop"), Path.of(".."));
        Files.createSymbolicLink(cdkOut.resolve("assembly-Again"), Path.of("assembly-Prod"));
        Files.createSymbolicLink(cdkOut.resolve("Copy.template.json"), Path.of("Stack.template.json"));

        CliRun run = CliRun.of("check-template", "--format", "json", cdkOut.toString());

        assertThat(run.err()).isEmpty();
        List<String> files = run.out().lines().filter(l -> l.startsWith("{"))
                .map(l -> CheckTemplateRun.parse(l).get("file").asText()).toList();
        assertThat(files).hasSize(2).doesNotHaveDuplicates();
        assertThat(files).anySatisfy(f -> assertThat(f).endsWith("Stack.template.json"))
                .anySatisfy(f -> assertThat(f).endsWith("ProdStack.template.json"));
        assertThat(run.status()).isEqualTo(1);
    }
}
