package io.github.crossaccountmfa.invocation;

import java.time.Instant;

/** Fetches a full configuration item (for oversized change notifications). */
@FunctionalInterface
public interface ConfigurationItemFetcher {
    /**
     * The latest item of the resource captured at or before {@code captureTime}.
     *
     * @throws AwsOperationException if the call fails or AWS Config has no such item
     */
    ConfigurationItem fetch(String resourceType, String resourceId, Instant captureTime);
}
