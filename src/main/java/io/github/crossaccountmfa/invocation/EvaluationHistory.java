package io.github.crossaccountmfa.invocation;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** The results AWS Config already holds for the rule (for the periodic clean-up of deleted roles). */
@FunctionalInterface
public interface EvaluationHistory {

    /**
     * A stored result.
     *
     * @param orderingTimestamp the {@code OrderingTimestamp} it was reported with, when known
     */
    record Result(String resourceType, String resourceId, Optional<Instant> orderingTimestamp) {
    }

    /** Passes every COMPLIANT and NON_COMPLIANT result of rule {@code ruleName} to {@code consumer}, page by page. */
    void forEachResult(String ruleName, Consumer<Result> consumer);
}
