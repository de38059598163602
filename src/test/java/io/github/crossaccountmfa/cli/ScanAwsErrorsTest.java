package io.github.crossaccountmfa.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.crossaccountmfa.report.Policies;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scan} against an IAM endpoint (WireMock speaking IAM's query protocol) that denies access or throttles:
 * the real SDK client with its adaptive retries, a clear message, exit status 2 and no report.
 */
class ScanAwsErrorsTest {
    private static WireMockServer iam;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startIam() {
        iam = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        iam.start();
    }

    @AfterAll
    static void stopIam() {
        iam.stop();
    }

    @BeforeEach
    void reset() {
        iam.resetAll();
        AwsTestEnvironment.use(iam.baseUrl(), "http://127.0.0.1:1");
    }

    private int scan(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "scan";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private static MappingBuilder listRoles(boolean firstPage) {
        MappingBuilder request = post(urlEqualTo("/")).withRequestBody(containing("Action=ListRoles"));
        return firstPage ? request.withRequestBody(notContaining("Marker=")) : request.withRequestBody(containing("Marker=page2"));
    }

    private static String rolesPage(String marker, String... names) {
        StringBuilder members = new StringBuilder();
        for (String name : names) {
            String policy = name.startsWith("partner") ? Policies.thirdPartyWithoutMfa(Policies.PARTNER) : Policies.ownAccount();
            members.append("<member><Path>/</Path><RoleName>").append(name).append("</RoleName><RoleId>")
                    .append(Policies.roleId(name)).append("</RoleId><Arn>arn:aws:iam::123456789012:role/").append(name)
                    .append("</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>")
                    .append(URLEncoder.encode(policy, StandardCharsets.UTF_8).replace("+", "%20"))
                    .append("</AssumeRolePolicyDocument></member>");
        }
        return "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListRolesResult>"
                + "<IsTruncated>" + (marker != null) + "</IsTruncated>" + (marker != null ? "<Marker>" + marker + "</Marker>" : "")
                + "<Roles>" + members + "</Roles></ListRolesResult>"
                + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></ListRolesResponse>";
    }

    private static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>"
                + code + "</Code><Message>" + message + "</Message></Error><RequestId>e1</RequestId></ErrorResponse>";
    }

    private void assertNoReport(Path report) throws Exception {
        assertThat(out.toString()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no report and no temporary file").isEmpty();
        }
        assertThat(report).doesNotExist();
    }

    @Test
    void accessDeniedToListRolesSaysWhichPermissionsTheScanNeeds() throws Exception {
        String denied = "User: arn:aws:iam::123456789012:user/intern is not authorized to perform: iam:ListRoles";
        iam.stubFor(listRoles(true).willReturn(aResponse().withStatus(403).withBody(error("AccessDenied", denied))));
        Path report = dir.resolve("report.html");

        int status = scan("--format", "html", "--output", report.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("scan: error: access denied to iam:ListRoles (" + denied
                + "); the scan needs iam:ListRoles and iam:ListRoleTags");
        assertThat(err.toString().lines()).hasSize(1);
        assertNoReport(report);
    }

    @Test
    void accessDeniedToListRoleTagsIsNamedToo() throws Exception {
        iam.stubFor(listRoles(true).willReturn(aResponse().withStatus(200).withBody(rolesPage(null, "partner-a", "own"))));
        iam.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=ListRoleTags"))
                .willReturn(aResponse().withStatus(403).withBody(error("AccessDenied", "not authorized to perform: iam:ListRoleTags"))));

        int status = scan("--parameters", "{\"ExemptionTagKey\":\"mfa-exempt\"}");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("scan: error: access denied to iam:ListRoleTags (not authorized to perform: iam:ListRoleTags)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void throttlingThatOutlastsTheRetriesOnTheSecondPageGivesNoPartialReport() throws Exception {
        iam.stubFor(listRoles(true).willReturn(aResponse().withStatus(200).withBody(rolesPage("page2", "own-1", "partner-1"))));
        iam.stubFor(listRoles(false).willReturn(aResponse().withStatus(400).withBody(error("Throttling", "Rate exceeded"))));
        Path report = dir.resolve("report.json");

        int status = scan("--format", "json", "--output", report.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("scan: error: IAM throttled iam:ListRoles after 2 roles were listed and kept "
                + "throttling after 3 attempts (Throttling: Rate exceeded); no report was produced, because it would be incomplete");
        iam.verify(3, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Marker=page2")));
        assertNoReport(report);
    }

    @Test
    void throttlingThatTheRetriesOvercomeStillGivesTheCompleteReport() {
        iam.stubFor(listRoles(true).willReturn(aResponse().withStatus(200).withBody(rolesPage("page2", "own-1", "partner-1"))));
        iam.stubFor(listRoles(false).inScenario("throttled once").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(error("Throttling", "Rate exceeded")))
                .willSetStateTo("recovered"));
        iam.stubFor(listRoles(false).inScenario("throttled once").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(rolesPage(null, "own-2", "partner-2"))));

        int status = scan();

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("partner-1").contains("partner-2")
                .contains("4 roles: 2 NON_COMPLIANT, 0 COMPLIANT, 2 NOT_APPLICABLE");
        assertThat(err.toString()).isEmpty();
        iam.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Marker=page2")));
    }

    @Test
    void rejectedCredentialsAreReportedAsSuch() {
        iam.stubFor(listRoles(true).willReturn(aResponse().withStatus(403)
                .withBody(error("InvalidClientTokenId", "The security token included in the request is invalid."))));

        int status = scan();

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("scan: error: the AWS credentials were rejected by iam:ListRoles "
                + "(InvalidClientTokenId: The security token included in the request is invalid.)");
    }
}
