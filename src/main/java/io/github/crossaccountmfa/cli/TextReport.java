package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import java.io.PrintWriter;

/** The human-readable form of an evaluation. */
public final class TextReport {
    private TextReport() {
    }

    public static void print(PrintWriter out, String subject, Evaluation evaluation) {
        out.println(evaluation.compliance() + "  " + subject);
        out.println("  " + evaluation.annotation());
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
