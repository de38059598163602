package io.github.crossaccountmfa.remediation;

import io.github.crossaccountmfa.rule.Finding;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The message that tells the affected third parties (or whoever manages them) that a role now needs MFA.
 *
 * @param subject a one-line subject
 * @param body    the message text
 */
record ChangeNotice(String subject, String body) {

    static ChangeNotice of(RemediationReport report) {
        StringBuilder body = new StringBuilder()
                .append("The trust policy of IAM role ").append(report.arn()).append(" was changed: principals in ")
                .append("other AWS accounts now need MFA to assume it\n(condition \"Bool\": {\"")
                .append(PolicyRemediator.MFA_KEY).append("\": \"true\"}).\n\n")
                .append("Principals that could assume the role without MFA before:\n");
        for (String principal : affected(report)) {
            body.append("  - ").append(principal).append('\n');
        }
        body.append("\nWhat changed:\n");
        report.changes().forEach(change -> body.append("  - ").append(change).append('\n'));
        body.append("\nRequests with long-term access keys, or with session credentials obtained without MFA, are ")
                .append("now denied. Callers must pass SerialNumber and TokenCode to sts:AssumeRole, or use ")
                .append("credentials from sts:GetSessionToken called with MFA.\n");
        return new ChangeNotice("IAM role " + report.roleName() + " now requires MFA for cross-account access",
                body.toString());
    }

    private static Set<String> affected(RemediationReport report) {
        Set<String> principals = new LinkedHashSet<>();
        for (Finding finding : report.before().findings()) {
            if (finding.kind() == Finding.Kind.NO_MFA) {
                String who = finding.principal().isEmpty() ? "everyone not excluded by NotPrincipal"
                        : finding.principal();
                principals.add(who + finding.statement().map(s -> " (statement " + s + ")").orElse(""));
            }
        }
        return principals;
    }
}
