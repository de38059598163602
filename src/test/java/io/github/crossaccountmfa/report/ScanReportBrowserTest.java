package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.rule.Compliance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTML report of the 40-role sample, opened in headless Chromium (Debian's {@code chromium}): it renders, the
 * counts its script computes match the scan, the filter, the verdict buttons, sorting and the policy details
 * work, and it loads nothing from the network.
 */
@Tag("browser")
@Timeout(180)
class ScanReportBrowserTest {
    private static ScanResult result;
    private static Path page;
    private static Chromium browser;

    @BeforeAll
    static void renderAndOpen() throws Exception {
        Chromium.executable();
        SampleRoles sample = SampleRoles.load();
        result = ScanFixtures.scan(sample.source, sample.parameters);
        page = Files.createTempFile("scan-report", ".html");
        Files.writeString(page, new HtmlReport(ScanFixtures.engine(sample.parameters)).render(result), StandardCharsets.UTF_8);
        browser = Chromium.launch(1400, 1000);
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (page != null) {
            Files.deleteIfExists(page);
        }
    }

    @BeforeEach
    void reload() throws Exception {
        browser.open(page.toUri());
    }

    private static int visibleRows() {
        return browser.evaluate("document.querySelectorAll('#roles tbody tr[data-v]:not([hidden])').length").asInt();
    }

    private static List<String> visibleNames() {
        JsonNode names = browser.evaluate("Array.from(document.querySelectorAll('#roles tbody tr[data-v]:not([hidden])'))"
                + ".map(r => r.cells[0].textContent)");
        return java.util.stream.StreamSupport.stream(names.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void type(String text) {
        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = "
                + jsString(text) + "; f.dispatchEvent(new Event('input', {bubbles: true})); })()");
    }

    private static void click(String selector) {
        browser.evaluate("document.querySelector(" + jsString(selector) + ").click()");
    }

    private static String jsString(String text) {
        return new com.fasterxml.jackson.databind.node.TextNode(text).toString();
    }

    /** What the page's filter must show: the roles whose row text contains every term. */
    private static long expectedMatches(String query, Predicate<ScannedRole> verdict) {
        String[] terms = query.toLowerCase(Locale.ROOT).trim().split("\\s+");
        return result.roles().stream().filter(verdict).filter(r -> {
            String text = (r.role().name() + r.role().path() + r.compliance().name()
                    + r.summary(HtmlReport.PRINCIPALS_SHOWN)).toLowerCase(Locale.ROOT);
            for (String term : terms) {
                if (!text.contains(term)) {
                    return false;
                }
            }
            return true;
        }).count();
    }

    @Test
    void rendersEveryRoleAndTheCountsThePageComputesEqualTheScansWithDumpDom() throws Exception {
        String dom = Chromium.dumpDom(page);

        assertThat(dom).contains("data-ready=\"true\"");
        assertThat(count(dom, "<tr data-v=\"")).isEqualTo(40);
        for (ScannedRole role : result.roles()) {
            assertThat(dom).contains(">" + role.role().name() + "</td>");
        }
        assertThat(computedCount(dom, "")).isEqualTo(40);
        assertThat(computedCount(dom, "NON_COMPLIANT")).isEqualTo(result.count(Compliance.NON_COMPLIANT)).isEqualTo(9);
        assertThat(computedCount(dom, "COMPLIANT")).isEqualTo(result.count(Compliance.COMPLIANT)).isEqualTo(5);
        assertThat(computedCount(dom, "NOT_APPLICABLE")).isEqualTo(result.count(Compliance.NOT_APPLICABLE)).isEqualTo(26);
        assertThat(dom).contains("<span id=\"shown\" aria-live=\"polite\" data-count=\"40\">Showing 40 of 40 roles</span>");
        assertThat(count(dom, "<button type=\"button\" class=\"t\"")).as("a detail toggle per NON_COMPLIANT and COMPLIANT role").isEqualTo(14);
    }

    @Test
    void whoCanGetInListsEachOutsideAccountWithConsoleLinksAndDownloadsOfTheTable() throws Exception {
        List<ThirdParty> expected = ThirdParty.group(result.roles().stream().map(RoleAccess::of).toList());
        JsonNode accounts = browser.evaluate(
                "Array.from(document.querySelectorAll('#third-parties tbody tr')).map(r => r.dataset.account)");
        assertThat(java.util.stream.StreamSupport.stream(accounts.spliterator(), false).map(JsonNode::asText).toList())
                .isNotEmpty().containsExactlyElementsOf(expected.stream().map(ThirdParty::account).toList());
        assertThat(browser.evaluate("document.getElementById('who').getBoundingClientRect().height > 0").asBoolean())
                .as("the section is rendered").isTrue();

        JsonNode links = browser.evaluate("Array.from(document.querySelectorAll('#third-parties a')).map(a => a.href)");
        int pairs = expected.stream().mapToInt(p -> p.roles().size()).sum();
        assertThat(links).hasSize(expected.stream().mapToInt(p -> Math.min(p.roles().size(), WhoCanGetIn.ROLES_SHOWN))
                .sum()).allSatisfy(href -> assertThat(href.asText())
                        .startsWith("https://console.aws.amazon.com/iam/home#/roles/details/"));

        String csv = blob("who-csv");
        List<List<String>> downloaded = records(csv);
        assertThat(downloaded).hasSize(pairs + 1).isEqualTo(records(ThirdPartyReport.csv(expected)));
        assertThat(downloaded.get(0)).containsExactlyElementsOf(ThirdPartyReport.CSV_HEADER);
        String json = blob("who-json");
        assertThat(json.lines().toList()).hasSize(expected.size());
        assertThat(json).isEqualTo(ThirdPartyReport.json(expected));
    }

    @Test
    void compliantRolesShowTheirTrustPolicyToo() {
        String name = result.roles().stream().filter(r -> r.compliance() == Compliance.COMPLIANT).findFirst()
                .orElseThrow().role().name();
        browser.evaluate("Array.from(document.querySelectorAll('#roles tbody tr[data-v]')).find(r => r.cells[0]"
                + ".textContent === " + jsString(name) + ").querySelector('button.t').click()");

        String detail = browser.evaluate("document.querySelector('#roles tbody tr.detail, #roles tbody tr:not([data-v])')"
                + ".textContent").asText();
        assertThat(detail).contains("aws:MultiFactorAuthPresent").contains("No change needed");
    }

    /** What a download link of the page holds: its Blob, read in the page. */
    private static String blob(String id) {
        assertThat(browser.evaluate("document.getElementById('" + id + "').href").asText()).startsWith("blob:");
        return browser.evaluate("document.getElementById('" + id + "')._content").asText();
    }

    private static List<List<String>> records(String csv) throws java.io.IOException {
        try (var parser = org.apache.commons.csv.CSVFormat.RFC4180.parse(new java.io.StringReader(csv))) {
            return parser.getRecords().stream().map(org.apache.commons.csv.CSVRecord::toList).toList();
        }
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    private static long computedCount(String dom, String verdict) {
        Matcher m = Pattern.compile("data-f=\"" + verdict + "\"[^>]*>[^<]*<span class=\"c\" data-count=\"(\\d+)\">").matcher(dom);
        assertThat(m.find()).as("count on the %s button", verdict.isEmpty() ? "All" : verdict).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void theTextFilterAndTheVerdictButtonsShowExactlyTheMatchingRoles() {
        assertThat(visibleRows()).isEqualTo(40);

        type("vendor");
        assertThat(visibleRows()).isEqualTo(expectedMatches("vendor", r -> true)).isGreaterThan(2);
        assertThat(browser.evaluate("document.getElementById('shown').textContent").asText())
                .isEqualTo("Showing " + expectedMatches("vendor", r -> true) + " of 40 roles");

        click("button[data-f='NON_COMPLIANT']");
        assertThat(visibleRows()).isEqualTo(expectedMatches("vendor", r -> r.compliance() == Compliance.NON_COMPLIANT))
                .isEqualTo(2);
        assertThat(visibleNames()).containsExactlyInAnyOrder("DatadogIntegrationRole", "support-vendor-access");

        type("");
        assertThat(visibleRows()).isEqualTo(9);
        click("button[data-f='COMPLIANT']");
        assertThat(visibleRows()).isEqualTo(5);
        click("button[data-f='']");
        type("210987654321 partners");
        assertThat(visibleRows()).isEqualTo(expectedMatches("210987654321 partners", r -> true)).isEqualTo(3);
        assertThat(visibleNames()).containsExactlyInAnyOrder("partner-analytics-readonly", "finance-reporting-export",
                "partner-console-access");

        type("no-such-role");
        assertThat(visibleRows()).isZero();
        assertThat(browser.evaluate("document.getElementById('empty').hidden").asBoolean()).isFalse();
    }

    @Test
    void clickingAColumnHeaderSortsByItAndClickingAgainReverses() {
        List<String> byName = result.roles().stream().map(r -> r.role().name())
                .sorted(String.CASE_INSENSITIVE_ORDER).toList();

        click("th[data-k='name'] button");
        assertThat(visibleNames()).containsExactlyElementsOf(byName);
        assertThat(browser.evaluate("document.querySelector(\"th[data-k='name']\").getAttribute('aria-sort')").asText())
                .isEqualTo("ascending");

        click("th[data-k='name'] button");
        assertThat(visibleNames()).containsExactlyElementsOf(byName.reversed());

        click("th[data-k='verdict'] button");
        List<String> verdicts = java.util.stream.StreamSupport.stream(browser.evaluate(
                "Array.from(document.querySelectorAll('#roles tbody tr[data-v]')).map(r => r.dataset.v)").spliterator(), false)
                .map(JsonNode::asText).toList();
        assertThat(verdicts.subList(0, 9)).containsOnly("NON_COMPLIANT");
        assertThat(verdicts.subList(9, 14)).containsOnly("COMPLIANT");
    }

    @Test
    void aNonCompliantRolesDetailHighlightsTheOffendingStatementBesideTheRemediatedPolicy() {
        String row = "Array.from(document.querySelectorAll('#roles tbody tr[data-v]')).find(r => r.cells[0].textContent === 'support-vendor-access')";
        browser.evaluate(row + ".querySelector('button.t').click()");

        JsonNode detail = browser.evaluate("(() => { const d = " + row + ".nextElementSibling; return {"
                + " isDetail: d.classList.contains('detail'),"
                + " offending: Array.from(d.querySelectorAll('.current .stmt.off')).map(s => s.dataset.n),"
                + " statements: d.querySelectorAll('.current .stmt').length,"
                + " changed: Array.from(d.querySelectorAll('.fixed .stmt.chg')).map(s => s.textContent),"
                + " changes: d.querySelectorAll('.fixed .changes li').length,"
                + " findings: d.querySelector('.findings').textContent,"
                + " expanded: " + row + ".querySelector('button.t').getAttribute('aria-expanded') }; })()");

        assertThat(detail.get("isDetail").asBoolean()).isTrue();
        assertThat(detail.get("statements").asInt()).isEqualTo(2);
        assertThat(detail.get("offending")).extracting(JsonNode::asText).containsExactly("2");
        assertThat(detail.get("changed")).hasSize(1);
        assertThat(detail.get("changed").get(0).asText()).contains("\"aws:MultiFactorAuthPresent\": \"true\"")
                .contains("arn:aws:iam::333344445555:role/automation");
        assertThat(detail.get("changes").asInt()).isPositive();
        assertThat(detail.get("findings").asText()).contains("arn:aws:iam::333344445555:role/automation can assume the role without MFA");
        assertThat(detail.get("expanded").asText()).isEqualTo("true");

        type("partner-analytics");
        assertThat(browser.evaluate(row + ".nextElementSibling.hidden").asBoolean())
                .as("the detail hides with its role").isTrue();
    }

    @Test
    void aLinkWithTheRoleNameOpensThatRolesDetail() throws Exception {
        browser.open(java.net.URI.create(page.toUri() + "#role=audit-tool-access"));

        JsonNode open = browser.evaluate("Array.from(document.querySelectorAll('#roles tbody tr.detail:not([hidden])'))"
                + ".map(d => d.previousElementSibling.cells[0].textContent)");
        assertThat(open).extracting(JsonNode::asText).containsExactly("audit-tool-access");
        assertThat(browser.evaluate("document.querySelectorAll('tr.detail .fixed .stmt.chg').length").asInt())
                .as("the split-off statement and the statement that lost the principal").isEqualTo(2);
    }

    @Test
    void loadsNoResourceFromAnywhere() {
        assertThat(browser.evaluate("performance.getEntriesByType('resource').length").asInt()).isZero();
        assertThat(browser.evaluate("document.querySelectorAll('[src], link[href]').length").asInt()).isZero();
    }
}
