package io.github.crossaccountmfa.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an AWS Config configuration item the rule uses, in the shape of the change notification (the
 * {@code GetResourceConfigHistory} adapter converts the API's shape into this one).
 *
 * @param resourceType  e.g. {@code AWS::IAM::Role}
 * @param resourceId    for a role, its id ({@code AROA…}): the {@code ComplianceResourceId}
 * @param resourceName  for a role, its name, when known
 * @param arn           the resource ARN, when known
 * @param status        {@code configurationItemStatus}
 * @param captureTime   {@code configurationItemCaptureTime}: the {@code OrderingTimestamp}
 * @param configuration the {@code configuration} object; absent in an oversized item's summary and for deleted roles
 * @param tags          the item's tags ({@code configuration.tags} list and top-level {@code tags} map, merged)
 */
public record ConfigurationItem(String resourceType, String resourceId, Optional<String> resourceName,
                                Optional<String> arn, ItemStatus status, Instant captureTime,
                                Optional<JsonNode> configuration, Map<String, String> tags) {
    public static final String ROLE_TYPE = "AWS::IAM::Role";

    public ConfigurationItem {
        Objects.requireNonNull(resourceType);
        Objects.requireNonNull(resourceId);
        Objects.requireNonNull(status);
        Objects.requireNonNull(captureTime);
        tags = Map.copyOf(tags);
    }

    public boolean isRole() {
        return ROLE_TYPE.equals(resourceType);
    }
}
