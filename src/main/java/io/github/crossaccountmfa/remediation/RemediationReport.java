package io.github.crossaccountmfa.remediation;

import io.github.crossaccountmfa.rule.Evaluation;
import java.util.List;
import java.util.Optional;

/**
 * What remediating one role found and did.
 *
 * @param roleName       the role's name
 * @param roleId         the role's id ({@code AROA…})
 * @param arn            the role's ARN
 * @param currentPolicy  the trust policy as it was found (JSON, URL-decoded)
 * @param before         the verdict for the role as it was found (exemption tag and service-linked path included)
 * @param proposedPolicy the new trust policy, verified by {@link PolicyRemediator}, when a change is needed
 * @param after          the verdict for the proposed policy ({@code before} when nothing changes)
 * @param changes        what the new policy changes, one sentence each
 * @param applied        whether the new policy was written with {@code UpdateAssumeRolePolicy}
 * @param notification   the id of the message published about the change, when one was
 */
public record RemediationReport(String roleName, String roleId, String arn, String currentPolicy, Evaluation before,
                                Optional<String> proposedPolicy, Evaluation after, List<String> changes,
                                boolean applied, Optional<String> notification) {

    public RemediationReport {
        changes = List.copyOf(changes);
        if (applied && proposedPolicy.isEmpty()) {
            throw new IllegalArgumentException("nothing to apply for role " + roleName);
        }
    }

    /** Whether the trust policy needs (or, when applied, got) a change. */
    public boolean changed() {
        return proposedPolicy.isPresent();
    }

    /**
     * What the rewrite cannot fix: a statement that stays open to every AWS account. Adding MFA makes the role
     * COMPLIANT but not private, and the operator must hear that plainly.
     */
    public List<String> warnings() {
        return after.findings().stream()
                .filter(f -> f.kind() == io.github.crossaccountmfa.rule.Finding.Kind.PUBLIC_TRUST)
                .map(f -> "statement " + f.statement().map(String::valueOf).orElse("?") + " is public: it admits "
                        + "callers from any AWS account. MFA does not make a public role private: anyone with an AWS "
                        + "account and an MFA device can still assume it. Pin the callers instead: add a condition "
                        + "on aws:PrincipalAccount (your partners' account ids) or aws:PrincipalOrgID (your "
                        + "organization), or name the principals in Principal.")
                .toList();
    }

    RemediationReport withNotification(String messageId) {
        return new RemediationReport(roleName, roleId, arn, currentPolicy, before, proposedPolicy, after, changes,
                applied, Optional.of(messageId));
    }
}
