package io.github.crossaccountmfa.invocation;

import java.util.List;

/** Where evaluations go: AWS Config's PutEvaluations in production, a list in tests, stdout for a dry run. */
@FunctionalInterface
public interface EvaluationSink {
    /** PutEvaluations accepts at most this many evaluations per call. */
    int MAX_BATCH = 100;

    /**
     * Delivers one batch of at most {@link #MAX_BATCH} evaluations under {@code resultToken}. An empty batch tells
     * AWS Config that the invocation had nothing to report.
     *
     * @throws DeliveryException     if some evaluations were not accepted, even after retries
     * @throws AwsOperationException if the call itself failed
     */
    void put(String resultToken, List<ResourceEvaluation> batch);

    /**
     * How many {@link #put} calls may run at once (from different threads). 1, the default, means one at a time on
     * the caller's thread, in order (a sink that prints, say).
     */
    default int maxConcurrentCalls() {
        return 1;
    }
}
