package io.github.crossaccountmfa.invocation;

import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RoleRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The verdict for one configuration item: the item's own state first, then the role's trust policy. */
public final class ItemEvaluator {
    static final String DELETED = "Role was deleted";
    static final String LEFT_SCOPE = "Role left the rule's scope";
    static final String NOT_RECORDED = "AWS Config does not record this role's configuration (ResourceNotRecorded)";

    private final RoleEvaluator evaluator;

    public ItemEvaluator(RoleEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /**
     * NOT_APPLICABLE when the item itself says there is nothing to evaluate (another resource type, the resource
     * left the rule's scope, was deleted or is not recorded); empty when the trust policy must be evaluated.
     * Needs no {@code configuration}, so it also decides oversized items before anything is fetched.
     */
    public static Optional<ResourceEvaluation> withoutConfiguration(ConfigurationItem item, boolean eventLeftScope,
                                                                    Instant orderingTimestamp) {
        String reason = null;
        if (!item.isRole()) {
            reason = "This rule evaluates " + ConfigurationItem.ROLE_TYPE + " only, not " + item.resourceType();
        } else if (eventLeftScope) {
            reason = LEFT_SCOPE;
        } else if (item.status().deleted()) {
            reason = DELETED + " (" + item.status() + ")";
        } else if (item.status() == ItemStatus.ResourceNotRecorded) {
            reason = NOT_RECORDED;
        }
        return Optional.ofNullable(reason).map(r -> ResourceEvaluation.notApplicable(
                item.resourceType(), item.resourceId(), r, orderingTimestamp));
    }

    /**
     * The evaluation for {@code item}, reported with {@code orderingTimestamp}. The role's tags come from the item
     * (no IAM call).
     *
     * @param path where the item came from, for error messages
     * @throws MalformedEventException if a role item that should be evaluated has no configuration
     */
    public ResourceEvaluation evaluate(ConfigurationItem item, boolean eventLeftScope, Instant orderingTimestamp,
                                      String path) {
        Optional<ResourceEvaluation> early = withoutConfiguration(item, eventLeftScope, orderingTimestamp);
        if (early.isPresent()) {
            return early.get();
        }
        RoleRecord role = RoleItems.roleRecord(item, path);
        Evaluation evaluation = evaluator.evaluate(role, r -> r.tags().orElse(Map.of()));
        return ResourceEvaluation.of(ConfigurationItem.ROLE_TYPE, item.resourceId(), evaluation, orderingTimestamp);
    }
}
