package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The three organization reports, written as accounts complete, from one audit of a fake organization. */
class OrganizationReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-07-01T08:00:00Z"), ZoneOffset.UTC);
    private static final String PROD = "111111111111";
    private static final String DEV = "222222222222";
    private static final String CLOSED = "444444444444";

    private static FakeOrganization organization() {
        return new FakeOrganization()
                .account(PROD, "prod <main>", new FakeRoleSource(PROD)
                        .add("vendor", "/partners/", Policies.thirdPartyWithoutMfa("555555555555"))
                        .add("auditor", "/", Policies.thirdPartyWithMfa("555555555555"))
                        .add("lambda", "/service-role/", Policies.service("lambda.amazonaws.com")))
                .refusing(DEV, "dev", FakeOrganization.accessDenied(DEV))
                .account("333333333333", "data", new FakeRoleSource("333333333333")
                        .add("vendor", "/partners/", Policies.thirdPartyWithoutMfa("555555555555")))
                .account(CLOSED, "old", "SUSPENDED", new FakeRoleSource(CLOSED));
    }

    /** Audits the organization one account at a time (so the order is the listing's) into {@code report}. */
    private static String write(java.util.function.Function<StringWriter, ScanReport> report) throws IOException {
        OrganizationAudit audit = new OrganizationAudit(organization(),
                new OrganizationAudit.Options(List.of(), 1, false), CLOCK);
        OrganizationAudit.Plan plan = audit.plan(RuleParameters.DEFAULTS, "");
        StringWriter out = new StringWriter();
        try (ScanReport writer = report.apply(out)) {
            writer.finish(audit.run(plan, writer, AuditProgress.NONE));
        }
        return out.toString();
    }

    @Test
    void jsonLinesCarryTheAccountOfEveryRoleAndOneErrorEntryPerAccountNotAudited() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : write(JsonLines::report).lines().toList()) {
            lines.add(JSON.readTree(line));
        }

        assertThat(lines).extracting(l -> l.get("accountId").asText() + "/" + l.path("roleName").asText("-"))
                .containsExactly(PROD + "/vendor", PROD + "/auditor", PROD + "/lambda", DEV + "/-", "333333333333/vendor");
        JsonNode error = lines.get(3);
        List<String> keys = new ArrayList<>();
        error.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("accountId", "error");
        assertThat(error.get("error").asText()).startsWith("cannot assume arn:aws:iam::" + DEV
                + ":role/OrganizationAccountAccessRole: access denied");
        assertThat(lines.get(4).get("arn").asText()).isEqualTo("arn:aws:iam::333333333333:role/partners/vendor");
    }

    @Test
    void textGivesEachAccountItsTableAndTotalsThenTheTotalsOfEveryAccountAndTheOrganization() throws Exception {
        String text = write(out -> TextTable.report(out, FakeOrganization.ID));

        assertThat(text).contains("Account 111111111111 (prod <main>)" + System.lineSeparator() + "ROLE ")
                .contains("vendor   NON_COMPLIANT   arn:aws:iam::555555555555:root")
                .contains("3 roles: 1 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE")
                .contains("Account 222222222222 (dev)" + System.lineSeparator() + "not audited: cannot assume ");
        List<String> end = text.lines().toList();
        end = end.subList(end.size() - 8, end.size());
        assertThat(end.get(0)).isEqualTo("ACCOUNT                     ROLES   NON_COMPLIANT  COMPLIANT  NOT_APPLICABLE");
        assertThat(end.get(1)).isEqualTo("111111111111 (prod <main>)  3       1              1          1");
        assertThat(end.get(2)).startsWith("222222222222 (dev)          not audited: cannot assume ");
        assertThat(end.get(3)).isEqualTo("333333333333 (data)         1       1              0          0");
        assertThat(end.get(5)).isEqualTo("Not audited because they are not ACTIVE: 444444444444 (old) SUSPENDED");
        assertThat(end.get(7)).isEqualTo("Organization o-a1b2c3d4e5: 3 accounts (1 not audited), 4 roles: "
                + "2 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE");
    }

    @Test
    void htmlHasAnAccountColumnAndFilterListsTheAccountsNotAuditedAndCountsTheWholeOrganization() throws Exception {
        String html = write(out -> new HtmlReport(ScanFixtures.engine("")).organization(out, FakeOrganization.ID, ""));

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                .contains("Organization <strong id=\"accounts\">o-a1b2c3d4e5</strong> \u00b7 <span id=\"audited\">2 accounts audited</span>")
                .contains("<span class=\"n\" id=\"total\">4</span>")
                .contains("<span class=\"n\" id=\"total-NON_COMPLIANT\">2</span>")
                .contains("<span class=\"n\" id=\"total-unreachable\">1</span>")
                .contains("<th data-k=\"account\" aria-sort=\"none\"><button type=\"button\">Account</button></th>")
                .contains("<select id=\"account\" aria-label=\"Account\"><option value=\"\">All accounts</option>"
                        + "<option value=\"111111111111\">111111111111 (prod &lt;main&gt;)</option>"
                        + "<option value=\"333333333333\">333333333333 (data)</option></select>")
                .contains("<li data-a=\"222222222222\"><strong>222222222222 (dev)</strong>: cannot assume ")
                .contains("<li class=\"inactive\" data-a=\"444444444444\"><strong>444444444444 (old)</strong>: SUSPENDED, not audited</li>")
                .contains("<tr data-v=\"NON_COMPLIANT\" data-a=\"111111111111\" data-d=\"0\"><td>vendor</td>")
                .containsPattern("<tr data-v=\"NON_COMPLIANT\" data-a=\"333333333333\" data-d=\"\\d+\"><td>vendor</td>")
                .contains("</td><td>111111111111 (prod &lt;main&gt;)</td></tr>");
        assertThat(html.indexOf("<tr data-v=\"NON_COMPLIANT\" data-a=\"333333333333\"")).as("NON_COMPLIANT rows of every account first")
                .isLessThan(html.indexOf("<tr data-v=\"COMPLIANT\""));
        Matcher details = Pattern.compile("<script type=\"application/json\" id=\"details\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(details.find()).isTrue();
        assertThat(JSON.readTree(details.group(1))).as("one detail per account's NON_COMPLIANT or COMPLIANT policy")
                .hasSize((int) Pattern.compile("data-d=\"").matcher(html).results().count());
    }

    @Test
    void theHtmlReportLeavesNoTemporaryFileBehind() throws Exception {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = spoolFiles(temp);

        write(out -> new HtmlReport(ScanFixtures.engine("")).organization(out, FakeOrganization.ID, ""));

        assertThat(spoolFiles(temp)).isEqualTo(before);
    }

    private static long spoolFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("cross-account-mfa-report")).count();
        }
    }
}
