package io.github.crossaccountmfa.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.report.Policies;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.MotoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
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
 * {@code scan} end to end against a real moto IAM holding 2,000 roles of known verdicts: the real SDK client (default
 * chains, endpoint from the SDK's endpoint property), paginated ListRoles, ListRoleTags only for would-be
 * NON_COMPLIANT roles. A WireMock proxy in front of moto counts the calls.
 */
@Tag("moto")
@ExtendWith(MotoServer.class)
@Timeout(600)
class ScanMotoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Role name prefix → how many, its trust policy, its path, and whether it carries the exemption tag. */
    private record Template(String prefix, int count, String policy, String path, boolean exemptTag) {
    }

    private static final List<Template> TEMPLATES = List.of(
            new Template("partner-nomfa-", 500, Policies.thirdPartyWithoutMfa(Policies.PARTNER), "/partners/", false),
            new Template("vendor-exempt-", 150, Policies.thirdPartyWithoutMfa("444444444444"), "/vendors/", true),
            new Template("partner-mfa-", 450, Policies.thirdPartyWithMfa(Policies.PARTNER), "/partners/", false),
            new Template("deploy-", 400, Policies.ownAccount(), "/", false),
            new Template("lambda-", 450, Policies.service("lambda.amazonaws.com"), "/service-role/", false),
            new Template("AWSServiceRoleForTest", 50, Policies.thirdPartyWithoutMfa(Policies.PARTNER),
                    "/aws-service-role/test.amazonaws.com/", false));
    private static final int TOTAL = 2000;

    private static WireMockServer counter;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void createRoles() {
        MotoServer.reset();
        AwsTestEnvironment.use(MotoServer.endpoint(), "http://127.0.0.1:1");
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty()); IamClient iam = clients.iam()) {
            // One at a time: moto is not thread-safe (concurrent CreateRole calls fail with "dictionary changed size
            // during iteration", more often the more loaded the machine is).
            for (Template template : TEMPLATES) {
                for (int i = 0; i < template.count(); i++) {
                    String name = template.prefix() + i;
                    iam.createRole(r -> {
                        r.roleName(name).path(template.path()).assumeRolePolicyDocument(template.policy());
                        if (template.exemptTag()) {
                            r.tags(software.amazon.awssdk.services.iam.model.Tag.builder().key("mfa-exempt").value("SEC-" + name).build());
                        } else if (name.endsWith("7")) {
                            r.tags(software.amazon.awssdk.services.iam.model.Tag.builder().key("team").value("platform").build());
                        }
                    });
                }
            }
        }
        counter = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        counter.start();
        counter.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(MotoServer.endpoint())));
    }

    @AfterAll
    static void stopCounter() {
        if (counter != null) {
            counter.stop();
        }
    }

    @BeforeEach
    void throughTheCounter() {
        counter.resetRequests();
        AwsTestEnvironment.use(counter.baseUrl(), "http://127.0.0.1:1");
    }

    private int scan(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("scan"));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    private static int calls(String action) {
        return counter.countRequestsMatching(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=" + action + "&")).build()).getCount();
    }

    private static String prefixOf(String name) {
        return TEMPLATES.stream().map(Template::prefix).filter(name::startsWith).findFirst().orElseThrow();
    }

    @Test
    void withTheExemptionTagEveryRoleGetsItsKnownVerdictFromTwoListRolesPagesAndTagsOnlyForWouldBeNonCompliantRoles()
            throws Exception {
        Path report = dir.resolve("roles.jsonl");

        int status = scan("--parameters", "{\"ExemptionTagKey\":\"mfa-exempt\"}", "--format", "json",
                "--output", report.toString());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("scan: 2000 roles: 500 NON_COMPLIANT, 450 COMPLIANT, 1050 NOT_APPLICABLE; "
                + "report written to " + report + System.lineSeparator());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(report)) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(TOTAL);
        Map<String, Map<String, Long>> verdictsByTemplate = lines.stream().collect(Collectors.groupingBy(
                l -> prefixOf(l.get("roleName").asText()),
                Collectors.groupingBy(l -> l.get("compliance").asText(), Collectors.counting())));
        assertThat(verdictsByTemplate).containsExactlyInAnyOrderEntriesOf(Map.of(
                "partner-nomfa-", Map.of("NON_COMPLIANT", 500L),
                "vendor-exempt-", Map.of("NOT_APPLICABLE", 150L),
                "partner-mfa-", Map.of("COMPLIANT", 450L),
                "deploy-", Map.of("NOT_APPLICABLE", 400L),
                "lambda-", Map.of("NOT_APPLICABLE", 450L),
                "AWSServiceRoleForTest", Map.of("NOT_APPLICABLE", 50L)));
        assertThat(lines).allSatisfy(l -> assertThat(l.get("roleId").asText()).startsWith("AROA"));
        JsonNode exempt = lines.stream().filter(l -> l.get("roleName").asText().equals("vendor-exempt-3")).findFirst().orElseThrow();
        assertThat(exempt.get("annotation").asText()).startsWith("Exempt by tag mfa-exempt: SEC-vendor-exempt-3");

        assertThat(calls("ListRoles")).as("ListRoles pages of 1000").isEqualTo(2);
        assertThat(calls("ListRoleTags")).as("one tag look-up per would-be NON_COMPLIANT role").isEqualTo(500 + 150);
        assertThat(calls("GetRole")).isZero();
    }

    @Test
    void withoutTheExemptionTagTheTextTableCountsEveryRoleAndNoTagIsLookedUp() {
        int status = scan();

        assertThat(status).isEqualTo(1);
        assertThat(out.toString().lines().filter(l -> l.contains("NON_COMPLIANT   arn:aws:iam::")).count()).isEqualTo(650);
        assertThat(out.toString()).endsWith(System.lineSeparator() + "2000 roles: 650 NON_COMPLIANT, 450 COMPLIANT, "
                + "900 NOT_APPLICABLE" + System.lineSeparator());
        assertThat(calls("ListRoles")).isEqualTo(2);
        assertThat(calls("ListRoleTags")).isZero();
    }

    @Test
    void theHtmlReportOfTheAccountCountsEveryRoleAndStaysSmall() throws Exception {
        Path report = dir.resolve("report.html");

        int status = scan("--format", "html", "--output", report.toString());

        assertThat(status).isEqualTo(1);
        String html = Files.readString(report);
        assertThat(html).contains("<span class=\"n\" id=\"total\">2000</span>")
                .contains("<span class=\"n\" id=\"total-NON_COMPLIANT\">650</span>")
                .contains("<span class=\"n\" id=\"total-COMPLIANT\">450</span>")
                .contains("<span class=\"n\" id=\"total-NOT_APPLICABLE\">900</span>")
                .contains("<strong id=\"accounts\">123456789012</strong>");
        assertThat(Files.size(report)).isLessThan(1_000_000);
    }
}
