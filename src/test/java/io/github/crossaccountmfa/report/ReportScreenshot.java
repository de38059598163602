package io.github.crossaccountmfa.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Regenerates {@code docs/images/scan-report.png} (and {@code who-can-get-in.png} beside it): the HTML report of the 40-role sample in headless Chromium, with
 * one NON_COMPLIANT role's detail open. Arguments: [PNG path] [HTML path to keep]. Run from the repository root with
 * the test classpath (the commands are in docs/scan.md, "Tests").
 */
public final class ReportScreenshot {
    static final int WIDTH = 1400;
    static final int HEIGHT = 1150;

    private ReportScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path png = Path.of(args.length > 0 ? args[0] : "docs/images/scan-report.png");
        SampleRoles sample = SampleRoles.load();
        Clock clock = Clock.fixed(Instant.parse("2025-06-01T09:30:00Z"), ZoneOffset.UTC);
        ScanResult result = new AccountScan(sample.source,
                new io.github.crossaccountmfa.rule.RoleEvaluator(ScanFixtures.engine(sample.parameters)), clock)
                .run(sample.parameters, ScanProgress.NONE);
        Path html = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("scan-report", ".html");
        Files.writeString(html, new HtmlReport(ScanFixtures.engine(sample.parameters)).render(result), StandardCharsets.UTF_8);
        try (Chromium browser = Chromium.launch(WIDTH, HEIGHT)) {
            browser.open(html.toUri());
            browser.evaluate("Array.from(document.querySelectorAll('#roles tbody tr[data-v]'))"
                    + ".find(r => r.cells[0].textContent === 'contractor-deploy').querySelector('button.t').click()");
            byte[] image = browser.screenshot(WIDTH, HEIGHT);
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, image);
            // the "Who can get in" section, beside the first image
            browser.evaluate("window.scrollTo(0, document.getElementById('who').offsetTop - 10)");
            Path who = png.resolveSibling("who-can-get-in.png");
            Files.write(who, browser.screenshot(WIDTH, HEIGHT));
            System.out.println("wrote " + who);
        } finally {
            if (args.length <= 1) {
                Files.deleteIfExists(html);
            }
        }
        System.out.println("wrote " + png);
    }
}
