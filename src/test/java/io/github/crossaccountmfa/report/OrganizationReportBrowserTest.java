package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The organization report in headless Chromium: the account filter shows one account's roles and its counts,
 * the account column sorts, a link names one account's role, and the details span the extra column.
 */
@Tag("browser")
@Timeout(180)
class OrganizationReportBrowserTest {
    private static final String PROD = "111111111111";
    private static final String DEV = "222222222222";
    private static Path page;
    private static Chromium browser;

    @BeforeAll
    static void renderAndOpen() throws Exception {
        Chromium.executable();
        FakeOrganization organization = new FakeOrganization()
                .account(DEV, "dev", new FakeRoleSource(DEV)
                        .add("vendor", "/", Policies.thirdPartyWithoutMfa("555555555555"))
                        .add("lambda", "/service-role/", Policies.service("lambda.amazonaws.com")))
                .account(PROD, "prod", new FakeRoleSource(PROD)
                        .add("vendor", "/", Policies.thirdPartyWithoutMfa("666666666666"))
                        .add("auditor", "/", Policies.thirdPartyWithMfa("555555555555"))
                        .add("ci", "/", Policies.service("codebuild.amazonaws.com")))
                .refusing("333333333333", "sandbox", FakeOrganization.accessDenied("333333333333"));
        OrganizationAudit audit = new OrganizationAudit(organization, new OrganizationAudit.Options(List.of(), 2, false),
                Clock.fixed(Instant.parse("2025-07-01T08:00:00Z"), ZoneOffset.UTC));
        StringWriter html = new StringWriter();
        try (ScanReport report = new HtmlReport(ScanFixtures.engine("")).organization(html, FakeOrganization.ID, "")) {
            report.finish(audit.run(audit.plan(RuleParameters.DEFAULTS, ""), report, AuditProgress.NONE));
        }
        page = Files.createTempFile("organization-report", ".html");
        Files.writeString(page, html.toString(), StandardCharsets.UTF_8);
        browser = Chromium.launch(1400, 1000);
    }

    @AfterAll
    static void close() throws Exception {
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

    private static List<String> visible() {
        JsonNode rows = browser.evaluate("Array.from(document.querySelectorAll('#roles tbody tr[data-v]:not([hidden])'))"
                + ".map(r => r.dataset.a + '/' + r.cells[0].textContent)");
        return StreamSupport.stream(rows.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static void chooseAccount(String account) {
        browser.evaluate("(() => { const s = document.getElementById('account'); s.value = "
                + new TextNode(account) + "; s.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    private static int count(String verdict) {
        return browser.evaluate("Number(document.querySelector(\"button[data-f='" + verdict + "'] .c\").dataset.count)")
                .asInt();
    }

    @Test
    void theAccountFilterShowsOneAccountsRolesAndItsCounts() {
        assertThat(visible()).hasSize(5);
        assertThat(count("")).isEqualTo(5);

        chooseAccount(PROD);
        assertThat(visible()).containsExactlyInAnyOrder(PROD + "/vendor", PROD + "/auditor", PROD + "/ci");
        assertThat(count("")).isEqualTo(3);
        assertThat(count("NON_COMPLIANT")).isEqualTo(1);
        assertThat(count("COMPLIANT")).isEqualTo(1);
        assertThat(browser.evaluate("document.getElementById('shown').textContent").asText())
                .isEqualTo("Showing 3 of 3 roles");

        browser.evaluate("document.querySelector(\"button[data-f='NON_COMPLIANT']\").click()");
        assertThat(visible()).containsExactly(PROD + "/vendor");

        chooseAccount("");
        assertThat(visible()).containsExactlyInAnyOrder(PROD + "/vendor", DEV + "/vendor");
        assertThat(count("NON_COMPLIANT")).isEqualTo(2);
    }

    @Test
    void theTextFilterMatchesTheAccountAndTheAccountColumnSorts() {
        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = '" + DEV
                + "'; f.dispatchEvent(new Event('input', {bubbles: true})); })()");
        assertThat(visible()).containsExactlyInAnyOrder(DEV + "/vendor", DEV + "/lambda");
        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = 'prod';"
                + " f.dispatchEvent(new Event('input', {bubbles: true})); })()");
        assertThat(visible()).containsExactlyInAnyOrder(PROD + "/vendor", PROD + "/auditor", PROD + "/ci");

        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = '';"
                + " f.dispatchEvent(new Event('input', {bubbles: true})); })()");
        browser.evaluate("document.querySelector(\"th[data-k='account'] button\").click()");
        assertThat(visible()).extracting(r -> r.substring(0, 12)).containsExactly(PROD, PROD, PROD, DEV, DEV);
        browser.evaluate("document.querySelector(\"th[data-k='account'] button\").click()");
        assertThat(visible()).extracting(r -> r.substring(0, 12)).containsExactly(DEV, DEV, PROD, PROD, PROD);
    }

    @Test
    void aLinkWithTheAccountAndRoleNameOpensThatRoleOnly() throws Exception {
        browser.open(java.net.URI.create(page.toUri() + "#role=" + DEV + "/vendor"));

        JsonNode open = browser.evaluate("Array.from(document.querySelectorAll('#roles tbody tr.detail:not([hidden])'))"
                + ".map(d => d.previousElementSibling.cells[4].textContent + ' ' + d.cells[0].colSpan)");
        assertThat(open).extracting(JsonNode::asText).containsExactly(DEV + " (dev) 5");
    }

    @Test
    void theAccountsNotAuditedAreListedWithWhy() {
        assertThat(browser.evaluate("document.querySelector('#unreachable li').textContent").asText())
                .startsWith("333333333333 (sandbox): cannot assume arn:aws:iam::333333333333:role/");
        assertThat(browser.evaluate("document.getElementById('total-unreachable').textContent").asText()).isEqualTo("1");
    }
}
