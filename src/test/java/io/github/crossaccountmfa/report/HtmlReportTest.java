package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);
    private static final Pattern DETAILS = Pattern.compile(
            "<script type=\"application/json\" id=\"details\">(.*?)</script>", Pattern.DOTALL);

    private static String render(FakeRoleSource source, String parameters) {
        return new HtmlReport(ScanFixtures.engine(parameters)).render(ScanFixtures.scan(source, parameters));
    }

    private static JsonNode details(String html) throws Exception {
        Matcher m = DETAILS.matcher(html);
        assertThat(m.find()).as("embedded details").isTrue();
        return JSON.readTree(m.group(1));
    }

    @Test
    void isOneSelfContainedFileWhoseOnlyScriptAndStyleAreAdmittedByHashInItsContentSecurityPolicy() {
        String html = render(ScanFixtures.threeVerdicts(), "");

        // links to the IAM console are for the reader to follow, not resources the page loads
        String loaded = html.replaceAll("<a href=\"https://console\\.[^\"]*\"", "<a href=\"\"");
        assertThat(loaded).startsWith("<!DOCTYPE html>")
                .doesNotContainPattern("(?i)<link\\b")
                .doesNotContainPattern("(?i)\\bsrc\\s*=")
                .doesNotContainPattern("(?i)<style[^>]*>[^<]*url\\(")
                .doesNotContainPattern("(?i)@import")
                .doesNotContainPattern("(?i)https?://");
        Matcher script = SCRIPT.matcher(html);
        Matcher style = STYLE.matcher(html);
        assertThat(script.find()).isTrue();
        assertThat(style.find()).isTrue();
        assertThat(html).contains("content=\"default-src 'none'; script-src " + HtmlReport.hash(script.group(1))
                + "; style-src " + HtmlReport.hash(style.group(1)) + ";");
        assertThat(script.find()).as("a single executable script").isFalse();
    }

    @Test
    void showsTheCountsByVerdictTheAccountAndWhenItWasScanned() {
        String html = render(ScanFixtures.threeVerdicts(), "");

        assertThat(html).contains("<span class=\"n\" id=\"total\">3</span>")
                .contains("<span class=\"n\" id=\"total-NON_COMPLIANT\">1</span>")
                .contains("<span class=\"n\" id=\"total-COMPLIANT\">1</span>")
                .contains("<span class=\"n\" id=\"total-NOT_APPLICABLE\">1</span>")
                .contains("<strong id=\"accounts\">123456789012</strong>")
                .contains("<time id=\"generated\" datetime=\"2025-06-01T12:00:00Z\">2025-06-01 12:00:00 UTC</time>");
    }

    @Test
    void listsRolesNonCompliantFirstAndGivesThemADetailWithTheOffendingStatementsAndTheRemediatedPolicy()
            throws Exception {
        String html = render(ScanFixtures.threeVerdicts(), "");

        int partner = html.indexOf(">alpha-partner<");
        int mfa = html.indexOf(">beta-mfa<");
        int own = html.indexOf(">zeta-own<");
        assertThat(partner).isPositive().isLessThan(mfa);
        assertThat(mfa).isLessThan(own);
        assertThat(html).contains("<tr data-v=\"NON_COMPLIANT\" data-d=\"0\">")
                .contains("<tr data-v=\"COMPLIANT\" data-d=\"1\"><td>beta-mfa</td>")
                .contains("<tr data-v=\"NOT_APPLICABLE\"><td>zeta-own</td>");

        JsonNode detail = details(html).get(0);
        assertThat(details(html)).as("NON_COMPLIANT and COMPLIANT roles show their trust policy").hasSize(2);
        JsonNode compliant = details(html).get(1);
        assertThat(compliant.get("p").isObject()).isTrue();
        assertThat(compliant.get("r").isNull()).isTrue();
        assertThat(compliant.get("n").asText()).startsWith("No change needed: Third-party access requires MFA");
        assertThat(detail.get("o")).extracting(JsonNode::asInt).containsExactly(2);
        assertThat(detail.get("p").get("Statement").get(1).get("Sid").asText()).isEqualTo("Partner");
        JsonNode fixed = detail.get("rs");
        assertThat(fixed.get(0).asInt()).as("statement 1 unchanged, given by its index").isZero();
        assertThat(fixed.get(1).toString()).contains("\"aws:MultiFactorAuthPresent\":\"true\"");
        assertThat(detail.get("c")).isNotEmpty();
        assertThat(detail.get("f").get(0).get(0).asText()).isEqualTo("NO_MFA");
    }

    @Test
    void rolesSharingATrustPolicyShareOneEmbeddedDetail() throws Exception {
        FakeRoleSource source = new FakeRoleSource();
        for (int i = 0; i < 50; i++) {
            source.add("vendor-" + i, "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER));
        }
        source.add("other-vendor", "/", Policies.thirdPartyWithoutMfa("444444444444"));

        String html = render(source, "");

        assertThat(details(html)).hasSize(2);
        assertThat(html).contains("data-d=\"1\"").doesNotContain("data-d=\"2\"");
    }

    @Test
    void escapesScriptInARolePathATagValueAndAPolicyValue() throws Exception {
        String evilPolicy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Allow","Action":"sts:AssumeRole",\
                "Principal":{"AWS":"arn:aws:iam::222222222222:user/</script><script>alert(1)</script>"},\
                "Condition":{"StringEquals":{"aws:PrincipalTag/team":"<!--<script>"}}}]}""";
        FakeRoleSource source = new FakeRoleSource()
                .add("path-role", "/<script>alert('path')</script>/", Policies.ownAccount())
                .add("tagged-role", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER),
                        Map.of("mfa-exempt", "<script>alert(\"tag\")</script> & co"))
                .add("policy-role", "/", evilPolicy);

        String html = render(source, "{\"ExemptionTagKey\":\"mfa-exempt\"}");

        assertThat(html.split("<script", -1)).as("only the three script elements of the page").hasSize(4);
        assertThat(html).doesNotContain("alert(1)</script>").doesNotContain("<!--")
                .contains("/&lt;script&gt;alert(&#39;path&#39;)&lt;/script&gt;/")
                .contains("&lt;script&gt;alert(&quot;tag&quot;)&lt;/script&gt; &amp; co")
                .contains("user/&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
        JsonNode detail = details(html).get(0);
        assertThat(detail.get("p").toString()).contains("</script><script>alert(1)</script>").contains("<!--<script>");
    }

    @Test
    void anUnparseablePolicyIsShownAsTextWithANoteInsteadOfARemediation() throws Exception {
        String html = render(new FakeRoleSource().add("broken", "/", Policies.UNPARSEABLE), "");

        JsonNode detail = details(html).get(0);
        assertThat(detail.get("p").isTextual()).isTrue();
        assertThat(detail.get("r").isNull()).isTrue();
        assertThat(detail.get("n").asText()).startsWith("The trust policy could not be parsed");
    }

    /**
     * 3000 roles as an account of that size has them: most trust only services or the own account, 10% are
     * NON_COMPLIANT with a trust policy of their own, 5% share a partner's policy, 10% require MFA.
     */
    @Test
    void staysUnderOneAndAQuarterMegabytesForThreeThousandRolesOfARealisticMix() throws Exception {
        FakeRoleSource source = new FakeRoleSource();
        for (int i = 0; i < 3000; i++) {
            String team = "team-" + (i % 37);
            int bucket = i % 20;
            if (bucket < 2) {
                source.add(team + "-partner-access-" + i, "/partners/", Policies.secondStatementOffends(
                        String.format("%012d", 200000000000L + i)));
            } else if (bucket < 3) {
                source.add(team + "-vendor-" + i, "/partners/", Policies.thirdPartyWithoutMfa(Policies.PARTNER));
            } else if (bucket < 5) {
                source.add(team + "-auditor-" + i, "/partners/", Policies.thirdPartyWithMfa(Policies.PARTNER));
            } else if (bucket < 10) {
                source.add(team + "-lambda-execution-" + i, "/service-role/", Policies.service("lambda.amazonaws.com"));
            } else if (bucket < 15) {
                source.add(team + "-deploy-" + i, "/", Policies.ownAccount());
            } else {
                source.add("AWSServiceRoleForService" + i, "/aws-service-role/service" + i + ".amazonaws.com/",
                        Policies.service("service" + i + ".amazonaws.com"));
            }
        }

        String html = render(source, "");

        assertThat(details(html)).as("one per distinct NON_COMPLIANT or COMPLIANT policy").hasSize(302);
        int size = html.getBytes(StandardCharsets.UTF_8).length;
        int who = html.indexOf("<h2 id=\"roles-heading\">") - html.indexOf("<section id=\"who\"");
        // the roles table and details took just under 1 MB before "Who can get in" (one row per outside account:
        // about 300 here, each role listed once in its embedded data) was added
        assertThat(who).as("Who can get in: %d bytes", who).isLessThan(250_000);
        assertThat(size).as("%d bytes", size).isLessThan(1_250_000);
    }
}
