package io.github.crossaccountmfa.rule;

import java.util.Map;
import java.util.Optional;

/**
 * The verdict for a whole role: service-linked roles and exempted roles first, then the trust policy.
 * Shared by the Lambda (change and periodic evaluations) and the {@code scan} command, so both agree.
 */
public final class RoleEvaluator {

    /** Looks a role's tags up when they are needed and not already known (one IAM call). */
    @FunctionalInterface
    public interface TagLookup {
        Map<String, String> tags(RoleRecord role);
    }

    private final VerdictEngine engine;

    public RoleEvaluator(VerdictEngine engine) {
        this.engine = engine;
    }

    public VerdictEngine engine() {
        return engine;
    }

    /**
     * Evaluates {@code role}. The exemption tag is consulted only for a role that would otherwise be
     * NON_COMPLIANT, so change-triggered and periodic evaluations agree while a sweep looks tags up only for
     * those roles.
     */
    public Evaluation evaluate(RoleRecord role, TagLookup tagLookup) {
        if (role.serviceLinked()) {
            return Evaluation.of(Compliance.NOT_APPLICABLE,
                    "Service-linked role: AWS manages its trust policy (path " + role.path() + ")");
        }
        Evaluation evaluation = engine.evaluateDocument(role.trustPolicyDocument(), context(role));
        Optional<String> tagKey = engine.parameters().exemptionTagKey();
        if (evaluation.compliance() != Compliance.NON_COMPLIANT || tagKey.isEmpty()) {
            return evaluation;
        }
        Map<String, String> tags = role.tags().orElseGet(() -> tagLookup.tags(role));
        String reason = tags.get(tagKey.get());
        if (reason == null) {
            return evaluation;
        }
        return new Evaluation(Compliance.NOT_APPLICABLE, Annotations.truncate("Exempt by tag " + tagKey.get()
                + (reason.isEmpty() ? "" : ": " + reason) + " (otherwise: " + evaluation.annotation() + ")"),
                evaluation.findings());
    }

    private static RoleContext context(RoleRecord role) {
        try {
            return RoleContext.ofRoleArn(role.arn());
        } catch (IllegalArgumentException e) {
            return RoleContext.unknown();
        }
    }
}
