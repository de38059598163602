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

    RemediationReport withNotification(String messageId) {
        return new RemediationReport(roleName, roleId, arn, currentPolicy, before, proposedPolicy, after, changes,
                applied, Optional.of(messageId));
    }
}
