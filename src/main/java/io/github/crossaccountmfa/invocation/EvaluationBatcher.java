package io.github.crossaccountmfa.invocation;

import io.github.crossaccountmfa.rule.Compliance;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import org.slf4j.MDC;

/**
 * Collects the evaluations of one invocation and hands them to the sink in batches of at most 100, never the same
 * resource twice under one result token. {@link #finish()} sends the rest, or an empty batch if nothing was sent,
 * so AWS Config always hears back for the token.
 *
 * <p>A sink that allows it ({@link EvaluationSink#maxConcurrentCalls()} above 1: PutEvaluations) gets up to that many
 * batches at once, each on its own virtual thread, while the caller goes on listing and evaluating; a full set of
 * calls in flight makes {@link #add} wait. A failed batch fails the invocation all the same: the failure of the
 * earliest failed batch is thrown by the next {@link #add} that sends, or by {@link #finish()}, which returns only
 * when every batch has been delivered. A sink allowing 1 (the default) is called on the caller's thread, in order.
 */
public final class EvaluationBatcher implements AutoCloseable {
    private final EvaluationSink sink;
    private final String resultToken;
    private final int concurrency;
    private final Semaphore slots;
    private final Map<Integer, Throwable> failures = new ConcurrentSkipListMap<>();
    private final List<ResourceEvaluation> pending = new ArrayList<>(EvaluationSink.MAX_BATCH);
    private final Set<String> reported = new HashSet<>();
    private final Map<Compliance, Integer> counts = new EnumMap<>(Compliance.class);
    private int calls;
    private int duplicates;

    public EvaluationBatcher(EvaluationSink sink, String resultToken) {
        this.sink = sink;
        this.resultToken = resultToken;
        this.concurrency = Math.max(1, sink.maxConcurrentCalls());
        this.slots = new Semaphore(concurrency);
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

    /**
     * Sends what is queued (if nothing at all was sent, an empty batch to close the token) and waits until every
     * batch is delivered.
     *
     * @throws RuntimeException the failure of the earliest batch that was not delivered
     */
    public void finish() {
        awaitAll();
        rethrowFailure();
        if (!pending.isEmpty() || calls == 0) {
            // Nothing is in flight any more: the last batch (a change event's only one) goes on this thread.
            List<ResourceEvaluation> batch = List.copyOf(pending);
            pending.clear();
            calls++;
            sink.put(resultToken, batch);
        }
    }

    /** Waits for the batches still in flight (after a failure elsewhere), without throwing theirs. */
    @Override
    public void close() {
        awaitAll();
    }

    private void flush() {
        List<ResourceEvaluation> batch = List.copyOf(pending);
        pending.clear();
        int index = calls++;
        if (concurrency == 1) {
            sink.put(resultToken, batch);
            return;
        }
        rethrowFailure();
        acquire(1);
        rethrowFailureReleasing();
        Map<String, String> context = MDC.getCopyOfContextMap();
        Thread.ofVirtual().name("put-evaluations-" + index).start(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                sink.put(resultToken, batch);
            } catch (Throwable e) {
                failures.put(index, e);
            } finally {
                MDC.clear();
                slots.release();
            }
        });
    }

    private void acquire(int permits) {
        try {
            slots.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("Interrupted while sending PutEvaluations batches", List.of());
        }
    }

    private void awaitAll() {
        if (concurrency > 1) {
            slots.acquireUninterruptibly(concurrency);
            slots.release(concurrency);
        }
    }

    private void rethrowFailureReleasing() {
        if (!failures.isEmpty()) {
            slots.release();
            rethrowFailure();
        }
    }

    private void rethrowFailure() {
        for (Throwable failure : failures.values()) {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(failure);
        }
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
