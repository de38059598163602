package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Compliance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The human-readable scan report: one row per role (ROLE, VERDICT, OFFENDING), NON_COMPLIANT roles first, then
 * the totals. OFFENDING lists who can assume a NON_COMPLIANT role without MFA, and the annotation otherwise.
 * In organization mode, one such table per account as it completes, then a table of the accounts' totals and
 * the organization's.
 */
public final class TextTable {
    static final int PRINCIPALS_SHOWN = 3;
    private static final int MAX_NAME_WIDTH = 64;

    private TextTable() {
    }

    public static void print(PrintWriter out, ScanResult result) {
        List<ScannedRole> rows = result.inReadingOrder();
        int nameWidth = "ROLE".length();
        for (ScannedRole row : rows) {
            nameWidth = Math.max(nameWidth, Math.min(MAX_NAME_WIDTH, row.role().name().length()));
        }
        int verdictWidth = "NOT_APPLICABLE".length();
        if (rows.isEmpty()) {
            out.println("No roles found.");
        } else {
            out.println(pad("ROLE", nameWidth) + "  " + pad("VERDICT", verdictWidth) + "  OFFENDING");
            for (ScannedRole row : rows) {
                out.println(pad(clean(row.role().name()), nameWidth) + "  " + pad(row.compliance().name(), verdictWidth)
                        + "  " + clean(row.summary(PRINCIPALS_SHOWN)));
            }
        }
        out.println();
        out.println(result.totalsLine());
    }

    /** The organization report: a section per account as it completes, the accounts' totals at the end. */
    public static ScanReport report(Writer out, String organizationId) {
        PrintWriter writer = new PrintWriter(out);
        return new ScanReport() {
            @Override
            public void accept(AccountOutcome outcome) throws IOException {
                writer.println("Account " + clean(outcome.account().label()));
                switch (outcome) {
                    case AccountOutcome.Audited audited -> print(writer, audited.result());
                    case AccountOutcome.Unreachable unreachable ->
                            writer.println("not audited: " + clean(unreachable.reason()));
                }
                writer.println();
                JsonLines.flush(writer);
            }

            @Override
            public void finish(OrganizationTotals totals) throws IOException {
                printTotals(writer, totals, organizationId);
                JsonLines.flush(writer);
            }
        };
    }

    static void printTotals(PrintWriter out, OrganizationTotals totals, String organizationId) {
        int labelWidth = "ACCOUNT".length();
        for (AccountSummary account : totals.accounts()) {
            labelWidth = Math.max(labelWidth, Math.min(MAX_NAME_WIDTH, clean(account.account().label()).length()));
        }
        out.println(pad("ACCOUNT", labelWidth) + "  " + pad("ROLES", 6) + "  NON_COMPLIANT  COMPLIANT  NOT_APPLICABLE");
        for (AccountSummary account : totals.accounts()) {
            String label = pad(clean(account.account().label()), labelWidth) + "  ";
            if (account.error().isPresent()) {
                out.println(label + "not audited: " + clean(account.error().get()));
            } else {
                out.println(label + pad(Long.toString(account.total()), 6) + "  "
                        + pad(Long.toString(account.count(Compliance.NON_COMPLIANT)), 13) + "  "
                        + pad(Long.toString(account.count(Compliance.COMPLIANT)), 9) + "  "
                        + account.count(Compliance.NOT_APPLICABLE));
            }
        }
        if (!totals.notActive().isEmpty()) {
            out.println();
            out.println("Not audited because they are not ACTIVE: " + totals.notActive().stream()
                    .map(a -> clean(a.label()) + " " + a.status()).collect(Collectors.joining(", ")));
        }
        out.println();
        out.println("Organization " + organizationId + ": " + totals.totalsLine());
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** Policy text is user content: no control characters (terminal escape sequences) reach the terminal. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
