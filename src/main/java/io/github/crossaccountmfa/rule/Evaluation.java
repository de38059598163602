package io.github.crossaccountmfa.rule;

import java.util.List;

/**
 * The verdict for one trust policy.
 *
 * @param compliance the verdict
 * @param annotation why, in at most 256 characters (AWS Config's limit), never empty
 * @param findings   the details behind it, offending findings first
 */
public record Evaluation(Compliance compliance, String annotation, List<Finding> findings) {
    public static final int MAX_ANNOTATION = 256;

    public Evaluation {
        findings = List.copyOf(findings);
        if (annotation.isEmpty() || annotation.length() > MAX_ANNOTATION) {
            throw new IllegalArgumentException("annotation must be 1-256 characters: \"" + annotation + "\"");
        }
    }

    /** A verdict without findings, e.g. for a service-linked or exempted role. */
    public static Evaluation of(Compliance compliance, String annotation) {
        return new Evaluation(compliance, Annotations.truncate(annotation), List.of());
    }
}
