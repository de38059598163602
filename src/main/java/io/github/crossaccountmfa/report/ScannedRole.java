package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.RoleRecord;
import io.github.crossaccountmfa.rule.Wording;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One role of a scan and its verdict.
 *
 * @param role       the role as {@code ListRoles} described it
 * @param evaluation the verdict the rule gives it
 */
public record ScannedRole(RoleRecord role, Evaluation evaluation) {

    /**
     * Why its trust policy could not be read or evaluated, when it could not: the verdict is then the rule's
     * fail-closed NON_COMPLIANT, and the CLI also reports an input error.
     */
    public Optional<String> policyError() {
        return evaluation.findings().stream().filter(f -> f.kind().failedClosed()).map(Finding::message).findFirst();
    }

    /** The outside callers that can assume the role, from the findings' data. */
    public List<AccessEntry> access() {
        return AccessEntry.of(evaluation.findings());
    }

    /** Whether some statement admits callers from any AWS account. */
    public boolean publicTrust() {
        return evaluation.findings().stream().anyMatch(f -> f.kind() == Finding.Kind.PUBLIC_TRUST);
    }

    public Compliance compliance() {
        return evaluation.compliance();
    }

    /** The account in the role's ARN ({@code arn:PARTITION:iam::ACCOUNT:role/…}), when it has one. */
    public Optional<String> accountId() {
        String[] parts = role.arn().split(":", 6);
        return parts.length == 6 && parts[4].matches("\\d{12}") ? Optional.of(parts[4]) : Optional.empty();
    }

    /**
     * Who can assume the role without MFA, in the order of the findings, each once: the principal as the policy
     * writes it (with the account's name when it is known), or how the wording names the subject when the policy
     * names none (a NotPrincipal statement).
     */
    public List<String> offendingPrincipals() {
        Set<String> principals = new LinkedHashSet<>();
        for (Finding finding : evaluation.findings()) {
            if (finding.kind() == Finding.Kind.NO_MFA) {
                String name = finding.access().flatMap(a -> a.accountName()).map(n -> " (" + n + ")").orElse("");
                principals.add(finding.principal().isEmpty() ? subject(finding) : finding.principal() + name);
            }
        }
        return new ArrayList<>(principals);
    }

    /** The 1-based numbers of the statements that let a third party in without MFA. */
    public Set<Integer> offendingStatements() {
        Set<Integer> statements = new java.util.TreeSet<>();
        for (Finding finding : evaluation.findings()) {
            if (finding.kind() == Finding.Kind.NO_MFA) {
                finding.statement().ifPresent(statements::add);
            }
        }
        return statements;
    }

    /**
     * A short "why" for tables: the offending principals (at most {@code limit}, then "+N more") for a
     * NON_COMPLIANT role whose findings name them, the annotation otherwise.
     */
    public String summary(int limit) {
        List<String> principals = compliance() == Compliance.NON_COMPLIANT ? offendingPrincipals() : List.of();
        if (principals.isEmpty()) {
            return evaluation.annotation();
        }
        String shown = String.join(", ", principals.subList(0, Math.min(limit, principals.size())));
        return principals.size() > limit ? shown + " +" + (principals.size() - limit) + " more" : shown;
    }

    private static String subject(Finding finding) {
        return finding.access().map(Wording::subject)
                .orElseGet(() -> finding.statement().map(n -> "statement " + n).orElse(finding.kind().name()));
    }
}
