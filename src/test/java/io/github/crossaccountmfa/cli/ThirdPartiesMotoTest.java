package io.github.crossaccountmfa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.report.ScanCsv;
import io.github.crossaccountmfa.report.ThirdPartyReport;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.MotoServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * {@code third-parties} (and {@code scan}'s access data) end to end against a real moto IAM holding a vendor role
 * with an ExternalId, two partner roles (one weakened by BoolIfExists), a public role, an organization-limited one,
 * and own-account and service roles.
 */
@Tag("moto")
@ExtendWith(MotoServer.class)
@Timeout(300)
class ThirdPartiesMotoTest {
    private static final String OWN = "123456789012";
    private static final String ARN = "arn:aws:iam::" + OWN + ":role/";

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private static String allow(String principal, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal
                + ",\"Action\":\"sts:AssumeRole\"" + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}]}";
    }

    @BeforeAll
    static void createRoles() {
        MotoServer.reset();
        AwsTestEnvironment.use(MotoServer.endpoint(), "http://127.0.0.1:1");
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty()); IamClient iam = clients.iam()) {
            create(iam, "datadog-integration", allow("{\"AWS\":\"arn:aws:iam::464622532012:root\"}",
                    "{\"StringEquals\":{\"sts:ExternalId\":\"dd-0f3c9a\"}}"));
            create(iam, "partner-weak", allow("{\"AWS\":\"arn:aws:iam::222222222222:root\"}",
                    "{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"));
            create(iam, "partner-mfa", allow("{\"AWS\":\"arn:aws:iam::333333333333:user/alice\"}",
                    "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"));
            create(iam, "public-open", allow("{\"AWS\":\"*\"}", ""));
            create(iam, "org-only", allow("\"*\"", "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}"));
            create(iam, "deploy", allow("{\"AWS\":\"arn:aws:iam::" + OWN + ":root\"}", ""));
            create(iam, "lambda-exec", allow("{\"Service\":\"lambda.amazonaws.com\"}", ""));
        }
    }

    private static void create(IamClient iam, String name, String policy) {
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(policy));
    }

    @BeforeEach
    void environment() {
        AwsTestEnvironment.use(MotoServer.endpoint(), "http://127.0.0.1:1");
        out = new StringWriter();
        err = new StringWriter();
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path knownAccounts() throws IOException {
        Path file = dir.resolve("known.yaml");
        Files.writeString(file, """
                - name: Partner Weak Ltd
                  accounts: ["222222222222"]
                  source: ["https://partner.example/aws-setup"]
                """);
        return file;
    }

    private static final List<String> EXPECTED = List.of(
            "{\"account\":\"*\",\"accountName\":null,\"public\":true,\"withoutMfa\":1,\"withMfa\":0,\"roles\":["
                    + "{\"accountId\":\"" + OWN + "\",\"roleName\":\"public-open\",\"arn\":\"" + ARN + "public-open\","
                    + "\"mfa\":\"not-required\",\"externalId\":false,\"statements\":[1]}]}",
            "{\"account\":\"222222222222\",\"accountName\":\"Partner Weak Ltd\",\"public\":false,\"withoutMfa\":1,"
                    + "\"withMfa\":0,\"roles\":[{\"accountId\":\"" + OWN + "\",\"roleName\":\"partner-weak\","
                    + "\"arn\":\"" + ARN + "partner-weak\",\"mfa\":\"not-required\",\"externalId\":false,"
                    + "\"statements\":[1]}]}",
            "{\"account\":\"464622532012\",\"accountName\":\"Datadog\",\"public\":false,\"withoutMfa\":1,"
                    + "\"withMfa\":0,\"roles\":[{\"accountId\":\"" + OWN + "\",\"roleName\":\"datadog-integration\","
                    + "\"arn\":\"" + ARN + "datadog-integration\",\"mfa\":\"not-required\",\"externalId\":true,"
                    + "\"statements\":[1]}]}",
            "{\"account\":\"o-a1b2c3d4e5\",\"accountName\":null,\"public\":false,\"withoutMfa\":1,\"withMfa\":0,"
                    + "\"roles\":[{\"accountId\":\"" + OWN + "\",\"roleName\":\"org-only\",\"arn\":\"" + ARN
                    + "org-only\",\"mfa\":\"not-required\",\"externalId\":false,\"statements\":[1]}]}",
            "{\"account\":\"333333333333\",\"accountName\":null,\"public\":false,\"withoutMfa\":0,\"withMfa\":1,"
                    + "\"roles\":[{\"accountId\":\"" + OWN + "\",\"roleName\":\"partner-mfa\",\"arn\":\"" + ARN
                    + "partner-mfa\",\"mfa\":\"required\",\"externalId\":false,\"statements\":[1]}]}");

    @Test
    void jsonIsOneObjectPerOutsideAccountPublicAndWithoutMfaFirst() throws IOException {
        int status = run("third-parties", "--format", "json", "--known-accounts", knownAccounts().toString());

        assertThat(err.toString()).doesNotContain("error");
        assertThat(status).isEqualTo(Main.NON_COMPLIANT);
        assertThat(out.toString().lines().toList()).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void noticesAreWrittenOnlyForAccountsThatGetInWithoutMfa() throws IOException {
        Path notices = dir.resolve("notices");

        int status = run("third-parties", "--notices", notices.toString(), "--known-accounts",
                knownAccounts().toString());

        assertThat(status).isEqualTo(Main.NON_COMPLIANT);
        try (Stream<Path> files = Files.list(notices)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("222222222222.md", "464622532012.md");
        }
        String partner = Files.readString(notices.resolve("222222222222.md"));
        assertThat(partner).startsWith("# MFA will be required to assume our IAM roles")
                .contains("Partner Weak Ltd, AWS account 222222222222")
                .contains("`" + ARN + "partner-weak`")
                .contains("mfa_serial = arn:aws:iam::222222222222:mfa/")
                .contains("aws sts assume-role").contains("--serial-number").contains("--token-code")
                .contains("StsAssumeRoleCredentialsProvider").contains("mfaCodeProvider")
                .doesNotContain("partner-mfa").doesNotContain("public-open");
        assertThat(Files.readString(notices.resolve("464622532012.md")))
                .contains("Datadog, AWS account 464622532012").contains("--external-id");
        assertThat(err.toString()).contains("2 notices written to").contains("public trust (*) has nobody to notify");
    }

    @Test
    void savedScanGivesTheSameResultAsTheLiveRun() throws IOException {
        String known = knownAccounts().toString();
        assertThat(run("scan", "--format", "json", "--known-accounts", known)).isEqualTo(Main.NON_COMPLIANT);
        Path saved = dir.resolve("scan.jsonl");
        Files.writeString(saved, out.toString());

        int status = run("third-parties", "--input", saved.toString(), "--format", "json", "--known-accounts", known);

        assertThat(status).isEqualTo(Main.NON_COMPLIANT);
        assertThat(out.toString().lines().toList()).containsExactlyElementsOf(EXPECTED);
        for (Format format : new Format[] {Format.text, Format.csv, Format.markdown}) {
            run("third-parties", "--format", format.name(), "--known-accounts", known);
            String live = out.toString();
            run("third-parties", "--input", saved.toString(), "--format", format.name(), "--known-accounts", known);
            assertThat(out.toString()).as(format.name()).isEqualTo(live);
        }
    }

    private enum Format { text, csv, markdown }

    @Test
    void scanJsonCarriesAccessAndTheBundledVendorName() {
        run("scan", "--format", "json");

        String vendor = out.toString().lines().filter(l -> l.contains("\"roleName\":\"datadog-integration\""))
                .findFirst().orElseThrow();
        assertThat(vendor).contains("\"accountId\":\"" + OWN + "\"")
                .contains("\"annotation\":\"Assumable without MFA by arn:aws:iam::464622532012:root (Datadog) "
                        + "(statement 1, sts:AssumeRole)\"")
                .endsWith("\"access\":[{\"account\":\"464622532012\",\"accountName\":\"Datadog\",\"principal\":"
                        + "\"arn:aws:iam::464622532012:root\",\"mfa\":\"not-required\",\"externalId\":true,"
                        + "\"public\":false,\"statements\":[1]}]}");
        String open = out.toString().lines().filter(l -> l.contains("\"roleName\":\"public-open\"")).findFirst()
                .orElseThrow();
        assertThat(open).contains("\"annotation\":\"Public trust: any AWS account can assume this role. ")
                .contains("\"kind\":\"PUBLIC_TRUST\"").contains("\"public\":true");
    }

    @Test
    void scanTextAndHtmlNameTheVendorAndRankThePublicRoleFirst() throws IOException {
        run("scan");
        String text = out.toString();
        assertThat(text).contains("arn:aws:iam::464622532012:root (Datadog)");
        assertThat(text.indexOf("public-open")).as("public trust first among NON_COMPLIANT roles").isPositive()
                .isLessThan(text.indexOf("datadog-integration"));

        Path html = dir.resolve("report.html");
        assertThat(run("scan", "--format", "html", "--output", html.toString())).isEqualTo(Main.NON_COMPLIANT);
        String page = Files.readString(html);
        assertThat(page).contains("<tr data-account=\"*\" class=\"public\"><td>* (any AWS account)</td>")
                .contains("<td>464622532012 (Datadog)</td>");
        assertThat(page.indexOf("data-account=\"*\"")).isLessThan(page.indexOf("data-account=\"464622532012\""));
    }

    @Test
    void csvOutputsParseBackWithTheCsvLibrary() throws IOException {
        run("scan", "--format", "csv", "--known-accounts", knownAccounts().toString());
        List<CSVRecord> scan = parse(out.toString(), ScanCsv.HEADER);

        assertThat(scan).hasSize(7);
        CSVRecord weak = scan.stream().filter(r -> r.get("roleName").equals("partner-weak")).findFirst().orElseThrow();
        assertThat(weak.get("compliance")).isEqualTo("NON_COMPLIANT");
        assertThat(weak.get("withoutMfa")).isEqualTo("222222222222 (Partner Weak Ltd)");
        assertThat(weak.get("annotation")).contains("arn:aws:iam::222222222222:root (Partner Weak Ltd)");
        CSVRecord open = scan.stream().filter(r -> r.get("roleName").equals("public-open")).findFirst().orElseThrow();
        assertThat(open.get("public")).isEqualTo("true");

        run("third-parties", "--format", "csv", "--known-accounts", knownAccounts().toString());
        List<CSVRecord> parties = parse(out.toString(), ThirdPartyReport.CSV_HEADER);
        assertThat(parties).extracting(r -> r.get("account") + "|" + r.get("roleName") + "|" + r.get("mfa"))
                .containsExactly("*|public-open|not-required", "222222222222|partner-weak|not-required",
                        "464622532012|datadog-integration|not-required", "o-a1b2c3d4e5|org-only|not-required",
                        "333333333333|partner-mfa|required");
        assertThat(parties.get(2).get("accountName")).isEqualTo("Datadog");
        assertThat(parties.get(2).get("externalId")).isEqualTo("true");
    }

    private static List<CSVRecord> parse(String csv, List<String> header) throws IOException {
        try (var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            assertThat(parser.getHeaderNames()).containsExactlyElementsOf(header);
            return new ArrayList<>(parser.getRecords());
        }
    }

    @Test
    void invalidKnownAccountsFileIsAnErrorNamingTheEntry() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "- name: Fine\n  accounts: [\"222222222222\"]\n- name: Broken Co\n  accounts: [\"12\"]\n");

        int status = run("third-parties", "--known-accounts", bad.toString());

        assertThat(status).isEqualTo(Main.ERROR);
        assertThat(err.toString()).contains("third-parties: error: --known-accounts " + bad
                + ": entry 2 (Broken Co): accounts[1]: \"12\" is not a 12-digit account id");
        assertThat(out.toString()).isEmpty();
    }
}
