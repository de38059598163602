package io.github.crossaccountmfa.invocation;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import java.time.Instant;
import java.util.Objects;

/**
 * One evaluation as PutEvaluations takes it.
 *
 * @param resourceType      {@code ComplianceResourceType}, {@code AWS::IAM::Role} for roles
 * @param resourceId        {@code ComplianceResourceId}: the role id ({@code AROA…})
 * @param compliance        {@code ComplianceType}
 * @param annotation        {@code Annotation}, 1-256 characters
 * @param orderingTimestamp {@code OrderingTimestamp}: item capture time, or the periodic notification time
 */
public record ResourceEvaluation(String resourceType, String resourceId, Compliance compliance, String annotation,
                                 Instant orderingTimestamp) {

    public ResourceEvaluation {
        Objects.requireNonNull(compliance);
        Objects.requireNonNull(orderingTimestamp);
        if (resourceType == null || resourceType.isEmpty() || resourceType.length() > 256) {
            throw new IllegalArgumentException("resource type must be 1-256 characters: " + resourceType);
        }
        if (resourceId == null || resourceId.isEmpty() || resourceId.length() > 768) {
            throw new IllegalArgumentException("resource id must be 1-768 characters: " + resourceId);
        }
        if (annotation == null || annotation.isEmpty() || annotation.length() > Evaluation.MAX_ANNOTATION) {
            throw new IllegalArgumentException("annotation must be 1-256 characters: " + annotation);
        }
    }

    public static ResourceEvaluation of(String resourceType, String resourceId, Evaluation evaluation, Instant time) {
        return new ResourceEvaluation(resourceType, resourceId, evaluation.compliance(), evaluation.annotation(), time);
    }

    public static ResourceEvaluation notApplicable(String resourceType, String resourceId, String reason, Instant time) {
        return new ResourceEvaluation(resourceType, resourceId, Compliance.NOT_APPLICABLE, reason, time);
    }
}
