package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CheckPolicyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = Path.of("src/test/resources/cli").toString();

    private record Run(int status, String out, String err) {
        List<JsonNode> jsonLines() throws Exception {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static String file(String name) {
        return DIR + "/" + name;
    }

    @Test
    void jsonFormatPrintsOneObjectPerInputWithTheContractKeys() throws Exception {
        Run run = run("check-policy", "--account", "111111111111", "--format", "json",
                file("partner-no-mfa.json"), file("partner-mfa.json"), file("lambda-service.json"));

        assertThat(run.status()).isEqualTo(1);
        List<JsonNode> lines = run.jsonLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).fieldNames()).toIterable()
                .containsExactly("file", "compliance", "annotation", "findings");
        assertThat(lines).extracting(l -> l.get("compliance").asText())
                .containsExactly("NON_COMPLIANT", "COMPLIANT", "NOT_APPLICABLE");
        assertThat(lines.get(0).get("file").asText()).isEqualTo(file("partner-no-mfa.json"));
        JsonNode finding = lines.get(0).get("findings").get(0);
        assertThat(finding.get("kind").asText()).isEqualTo("NO_MFA");
        assertThat(finding.get("statement").asInt()).isEqualTo(1);
        assertThat(finding.get("sid").asText()).isEqualTo("PartnerAudit");
        assertThat(finding.get("principal").asText()).isEqualTo("arn:aws:iam::222222222222:root");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void nothingNonCompliantExitsZero() {
        Run run = run("check-policy", "--account", "111111111111", file("partner-mfa.json"), file("lambda-service.json"));

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("COMPLIANT  " + file("partner-mfa.json"))
                .contains("NOT_APPLICABLE  " + file("lambda-service.json"));
    }

    @Test
    void dashReadsTheDocumentFromStdin() throws Exception {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream(("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                    + "\"Action\":\"sts:AssumeRole\"}]}").getBytes(StandardCharsets.UTF_8)));
            Run run = run("check-policy", "--format", "json", "-");

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.jsonLines().get(0).get("file").asText()).isEqualTo("-");
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void urlEncodedDocumentIsAccepted() throws Exception {
        Run run = run("check-policy", "--role-arn", "arn:aws:iam::111111111111:role/partner", "--format", "json",
                file("url-encoded.txt"));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.jsonLines().get(0).get("annotation").asText()).contains("arn:aws:iam::222222222222:root");
    }

    @Test
    void sameAccountIsNotApplicableOnlyWhenTheAccountIsGiven() throws Exception {
        String own = file("partner-no-mfa.json");

        assertThat(run("check-policy", "--account", "222222222222", own).status()).isZero();
        assertThat(run("check-policy", "--role-arn", "arn:aws:iam::222222222222:role/x", own).status()).isZero();
        Run unknown = run("check-policy", "--format", "json", own);
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.jsonLines().get(0).toString()).contains("ACCOUNT_UNKNOWN");
    }

    @Test
    void parametersChangeTheVerdict() {
        Run run = run("check-policy", "--account", "111111111111",
                "--parameters", "{\"TrustedAccountIds\":\"222222222222\"}", file("partner-no-mfa.json"));

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("NOT_APPLICABLE");
    }

    @Test
    void missingAndInvalidFilesAreErrorsWhileTheOthersAreStillEvaluated() throws Exception {
        Run run = run("check-policy", "--account", "111111111111", "--format", "json",
                file("missing.json"), file("invalid.json"), file("partner-no-mfa.json"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(file("missing.json") + ": error: no such file")
                .contains(file("invalid.json") + ": error: not a valid trust policy: Statement[0]: invalid JSON: "
                        + "expected a key in double quotes, found '}' (line 1, column 135)");
        List<JsonNode> lines = run.jsonLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("error").asText()).isEqualTo("no such file");
        assertThat(lines.get(2).get("compliance").asText()).isEqualTo("NON_COMPLIANT");
    }

    @Test
    void badParameterIsAUsageErrorNamingTheKey() {
        Run run = run("check-policy", "--parameters", "{\"TrustedAccountIds\":\"12345\"}", file("partner-mfa.json"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("TrustedAccountIds: \"12345\" is not a 12-digit account id");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void accountAndRoleArnAreMutuallyExclusive() {
        Run run = run("check-policy", "--account", "111111111111", "--role-arn", "arn:aws:iam::111111111111:role/x",
                file("partner-mfa.json"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive");
    }

    @Test
    void malformedAccountIsAnError() {
        Run run = run("check-policy", "--account", "12", file("partner-mfa.json"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("not a 12-digit account id: \"12\"");
    }

    @Test
    void noFileIsAUsageError() {
        Run run = run("check-policy");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter");
    }

    @Test
    void textReportExplainsEachFinding() {
        Run run = run("check-policy", "--account", "111111111111", file("partner-no-mfa.json"));

        assertThat(run.out()).contains("NON_COMPLIANT  " + file("partner-no-mfa.json"))
                .contains("Assumable without MFA by arn:aws:iam::222222222222:root (statement 1, sts:AssumeRole)")
                .contains("x statement 1: arn:aws:iam::222222222222:root can assume the role without MFA");
    }
}
