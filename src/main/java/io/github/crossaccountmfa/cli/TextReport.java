package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import java.io.PrintWriter;

/** The human-readable form of an evaluation. */
public final class TextReport {
    private TextReport() {
    }

    public static void print(PrintWriter out, String subject, Evaluation evaluation) {
        print(out, subject, evaluation, "");
    }

    /** {@code assumptions}: one clause saying what a verdict assumed about open values, or {@code ""}. */
    public static void print(PrintWriter out, String subject, Evaluation evaluation, String assumptions) {
        out.println(evaluation.compliance() + "  " + subject);
        out.println("  " + evaluation.annotation());
        if (!assumptions.isEmpty()) {
            out.println("  " + assumptions);
        }
        for (Finding finding : evaluation.findings()) {
            String where = finding.statement().map(s -> "statement " + s + ": ").orElse("");
            out.println("  " + marker(finding.kind()) + " " + where + finding.message());
        }
    }

    private static String marker(Finding.Kind kind) {
        return switch (kind) {
            case NO_MFA -> "x";
            case MFA_REQUIRED, EXTERNAL_ID -> "+";
            default -> "i";
        };
    }
}
