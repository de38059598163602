package io.github.crossaccountmfa.invocation;

import java.util.List;

/** AWS Config did not accept some evaluations, even after retries; the message lists them. */
public final class DeliveryException extends RuleException {
    private final List<String> failedResourceIds;

    public DeliveryException(String message, List<String> failedResourceIds) {
        super(message, null);
        this.failedResourceIds = List.copyOf(failedResourceIds);
    }

    public List<String> failedResourceIds() {
        return failedResourceIds;
    }
}
