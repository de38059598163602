package io.github.crossaccountmfa.report;

import java.io.PrintWriter;
import java.util.List;

/**
 * The human-readable scan report: one row per role (ROLE, VERDICT, OFFENDING), NON_COMPLIANT roles first, then
 * the totals. OFFENDING lists who can assume a NON_COMPLIANT role without MFA, and the annotation otherwise.
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
