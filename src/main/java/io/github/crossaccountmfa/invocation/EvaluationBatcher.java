package io.github.crossaccountmfa.invocation;

import io.github.crossaccountmfa.rule.Compliance;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the evaluations of one invocation and hands them to the sink in batches of at most 100, never the same
 * resource twice under one result token. {@link #finish()} sends the rest, or an empty batch if nothing was sent,
 * so AWS Config always hears back for the token.
 */
public final class EvaluationBatcher {
    private final EvaluationSink sink;
    private final String resultToken;
    private final List<ResourceEvaluation> pending = new ArrayList<>(EvaluationSink.MAX_BATCH);
    private final Set<String> reported = new HashSet<>();
    private final Map<Compliance, Integer> counts = new EnumMap<>(Compliance.class);
    private int calls;
    private int duplicates;

    public EvaluationBatcher(EvaluationSink sink, String resultToken) {
        this.sink = sink;
        this.resultToken = resultToken;
    }

    /**
     * Queues {@code evaluation}, sending a batch when 100 are queued.
     *
     * @return false if this resource was already reported under this token (the evaluation is dropped)
     */
    public boolean add(ResourceEvaluation evaluation) {
        if (!reported.add(key(evaluation.resourceType(), evaluation.resourceId()))) {
            duplicates++;
            return false;
        }
        counts.merge(evaluation.compliance(), 1, Integer::sum);
        pending.add(evaluation);
        if (pending.size() == EvaluationSink.MAX_BATCH) {
            flush();
        }
        return true;
    }

    /** This resource has been reported (or queued) under this token. */
    public boolean reported(String resourceType, String resourceId) {
        return reported.contains(key(resourceType, resourceId));
    }

    /** Sends what is queued; if nothing at all was sent, sends an empty batch to close the token. */
    public void finish() {
        if (!pending.isEmpty() || calls == 0) {
            flush();
        }
    }

    private void flush() {
        List<ResourceEvaluation> batch = List.copyOf(pending);
        pending.clear();
        calls++;
        sink.put(resultToken, batch);
    }

    public int count(Compliance compliance) {
        return counts.getOrDefault(compliance, 0);
    }

    public int total() {
        return reported.size();
    }

    /** Calls made to the sink so far. */
    public int calls() {
        return calls;
    }

    public int duplicates() {
        return duplicates;
    }

    private static String key(String type, String id) {
        return type + '\n' + id;
    }
}
