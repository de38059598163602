package io.github.crossaccountmfa.remediation;

import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RoleRecord;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remediates one IAM role: finds it (by id, as AWS Config names it, or by name), evaluates it as the rule does
 * (service-linked roles and the exemption tag included), rewrites the trust policy of a NON_COMPLIANT role with
 * {@link PolicyRemediator} (which proves the rewrite grants nothing new and is no longer NON_COMPLIANT) and, when
 * asked to apply, writes it with {@code UpdateAssumeRolePolicy} and publishes a notice. Shared by the remediation
 * Lambda handler and the {@code remediate} command.
 *
 * <p>Idempotent: a role that was remediated is no longer NON_COMPLIANT, so a second run changes nothing.
 */
public final class RoleRemediation {
    private final RoleDirectory roles;
    private final RoleEvaluator evaluator;
    private final PolicyRemediator remediator;
    private final Optional<Notifier> notifier;

    public RoleRemediation(RoleDirectory roles, VerdictEngine engine, Optional<Notifier> notifier) {
        this.roles = roles;
        this.evaluator = new RoleEvaluator(engine);
        this.remediator = new PolicyRemediator(engine);
        this.notifier = notifier;
    }

    /**
     * Computes the remediation of {@code selector}'s role and, when {@code apply} is true, applies it.
     *
     * @throws RemediationException when the role does not exist, IAM fails, or no verified rewrite exists (in which
     *                              case nothing was changed)
     */
    public RemediationReport run(RoleSelector selector, boolean apply) {
        RoleRecord role = resolve(selector);
        String current = decoded(role.trustPolicyDocument());
        Evaluation before = evaluator.evaluate(role, r -> role.tags().orElse(Map.of()));
        if (before.compliance() != Compliance.NON_COMPLIANT) {
            return unchanged(role, current, before);
        }
        Remediation remediation = remediate(role);
        if (remediation.document().isEmpty()) {
            return unchanged(role, current, before);
        }
        RemediationReport report = new RemediationReport(role.name(), role.id(), role.arn(), current, before,
                remediation.document(), remediation.after(), remediation.changes(), apply, Optional.empty());
        if (!apply) {
            return report;
        }
        roles.replaceTrustPolicy(role.name(), remediation.document().get());
        return notify(report);
    }

    /**
     * The roles to remediate for {@code remediate --all}: those NON_COMPLIANT by the trust policy {@code ListRoles}
     * gives, by name. Tags are not listed, so an exempt role may be among them: {@link #run} reads it with its
     * tags and finds nothing to change.
     *
     * @throws RemediationException when IAM fails
     */
    public List<RoleSelector> nonCompliantRoles() {
        return roles.list().stream()
                .filter(role -> evaluator.evaluate(role, r -> Map.of()).compliance() == Compliance.NON_COMPLIANT)
                .<RoleSelector>map(role -> new RoleSelector.ByName(role.name()))
                .toList();
    }

    private RoleRecord resolve(RoleSelector selector) {
        return switch (selector) {
            case RoleSelector.ByName byName -> roles.find(byName.roleName()).orElseThrow(
                    () -> new RemediationException("no IAM role named " + byName.roleName() + " in this account"));
            case RoleSelector.ById byId -> byId(byId.roleId());
        };
    }

    private RoleRecord byId(String roleId) {
        String name = roles.nameOf(roleId).orElseThrow(() -> new RemediationException("no IAM role has the id "
                + roleId + " in this account (ListRoles): it may have been deleted; nothing was changed"));
        RoleRecord role = roles.find(name).orElseThrow(() -> new RemediationException("role " + name
                + " (id " + roleId + ") was deleted while it was being remediated; nothing was changed"));
        if (!role.id().equals(roleId)) {
            throw new RemediationException("role " + name + " now has the id " + role.id() + ", not " + roleId
                    + ": it was deleted and re-created; nothing was changed");
        }
        return role;
    }

    private Remediation remediate(RoleRecord role) {
        RoleContext context;
        try {
            context = RoleContext.ofRoleArn(role.arn());
        } catch (IllegalArgumentException e) {
            throw new RemediationException("role " + role.name() + ": cannot tell its account from its ARN, so its "
                    + "own account cannot be told from third parties: " + e.getMessage());
        }
        try {
            return remediator.remediate(role.trustPolicyDocument(), context);
        } catch (PolicyParseException e) {
            throw new RemediationException("the trust policy of role " + role.name() + " cannot be parsed, so it "
                    + "cannot be rewritten safely (" + e.getMessage() + "); fix it by hand. Nothing was changed", e);
        } catch (IllegalStateException e) {
            throw new RemediationException("no verified automatic fix for role " + role.name() + ": "
                    + e.getMessage() + "; fix it by hand. Nothing was changed", e);
        }
    }

    private RemediationReport notify(RemediationReport report) {
        if (notifier.isEmpty()) {
            return report;
        }
        ChangeNotice notice = ChangeNotice.of(report);
        try {
            return report.withNotification(notifier.get().publish(notice.subject(), notice.body()));
        } catch (RemediationException e) {
            throw new RemediationException("the trust policy of role " + report.roleName() + " WAS updated, but the "
                    + "notice about it could not be sent: " + e.getMessage(), e);
        }
    }

    private static RemediationReport unchanged(RoleRecord role, String current, Evaluation verdict) {
        return new RemediationReport(role.name(), role.id(), role.arn(), current, verdict, Optional.empty(), verdict,
                List.of(), false, Optional.empty());
    }

    private static String decoded(String document) {
        try {
            return TrustPolicy.decode(document);
        } catch (RuntimeException e) {
            return document;
        }
    }
}
