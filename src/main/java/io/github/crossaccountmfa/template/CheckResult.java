package io.github.crossaccountmfa.template;

import java.util.List;

/**
 * What checking a set of inputs gave.
 *
 * @param reports one per file checked (nested templates right after the template that uses them), in input order
 * @param notices what was skipped or not followed, and why; none of them is an error
 */
public record CheckResult(List<FileReport> reports, List<Notice> notices) {
    public CheckResult {
        reports = List.copyOf(reports);
        notices = List.copyOf(notices);
    }
}
