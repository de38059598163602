package io.github.crossaccountmfa.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.rule.Compliance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvaluationBatcherTest {
    private static final Instant TIME = Instant.parse("2024-03-03T00:00:00Z");

    private static ResourceEvaluation evaluation(int i) {
        return new ResourceEvaluation(ConfigurationItem.ROLE_TYPE, "AROA" + i, Compliance.COMPLIANT, "ok", TIME);
    }

    /** A sink that allows {@code concurrency} calls at once and records what it got and how many ran together. */
    private static final class ConcurrentSink implements EvaluationSink {
        final int concurrency;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final Set<String> delivered = ConcurrentHashMap.newKeySet();
        final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile int failOn = -1;
        final AtomicInteger seen = new AtomicInteger();

        ConcurrentSink(int concurrency) {
            this.concurrency = concurrency;
        }

        @Override
        public void put(String resultToken, List<ResourceEvaluation> batch) {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                gate.await(30, TimeUnit.SECONDS);
                int call = seen.getAndIncrement();
                if (batch.stream().anyMatch(e -> e.resourceId().equals("AROA" + failOn))) {
                    throw new DeliveryException("PutEvaluations did not accept AROA" + failOn + " (call " + call + ")",
                            List.of("AROA" + failOn));
                }
                batch.forEach(e -> delivered.add(e.resourceId()));
                sizes.add(batch.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public int maxConcurrentCalls() {
            return concurrency;
        }
    }

    @Test
    void batchesGoOutConcurrentlyButNeverMoreThanTheSinkAllowsAndFinishWaitsForAllOfThem() {
        ConcurrentSink sink = new ConcurrentSink(4);
        sink.gate = new CountDownLatch(1);
        EvaluationBatcher batcher = new EvaluationBatcher(sink, "token");
        for (int i = 0; i < 400; i++) {
            batcher.add(evaluation(i));
        }
        // Four full batches are in flight, held at the gate; the fifth would have to wait.
        assertThat(sink.running.get()).isLessThanOrEqualTo(4);
        sink.gate.countDown();
        for (int i = 400; i < 1050; i++) {
            batcher.add(evaluation(i));
        }
        batcher.finish();

        assertThat(sink.delivered).hasSize(1050);
        assertThat(sink.sizes).hasSize(11).allMatch(size -> size <= 100);
        assertThat(sink.mostAtOnce.get()).isBetween(1, 4);
        assertThat(batcher.calls()).isEqualTo(11);
    }

    @Test
    void aSinkThatAllowsOneCallIsCalledOnTheCallersThreadInOrder() {
        List<String> threads = new ArrayList<>();
        List<String> first = new ArrayList<>();
        EvaluationBatcher batcher = new EvaluationBatcher((token, batch) -> {
            threads.add(Thread.currentThread().getName());
            first.add(batch.get(0).resourceId());
        }, "token");
        for (int i = 0; i < 250; i++) {
            batcher.add(evaluation(i));
        }
        batcher.finish();

        assertThat(threads).containsOnly(Thread.currentThread().getName()).hasSize(3);
        assertThat(first).containsExactly("AROA0", "AROA100", "AROA200");
    }

    @Test
    void aBatchThatIsNotDeliveredFailsFinishEvenWhenTheOthersWere() {
        ConcurrentSink sink = new ConcurrentSink(4);
        sink.failOn = 150;
        sink.gate = new CountDownLatch(1);
        EvaluationBatcher batcher = new EvaluationBatcher(sink, "token");
        for (int i = 0; i < 300; i++) {
            batcher.add(evaluation(i));
        }
        // All three batches are in flight (fewer than four): none has failed yet.
        sink.gate.countDown();

        assertThatThrownBy(batcher::finish).isInstanceOf(DeliveryException.class)
                .hasMessageStartingWith("PutEvaluations did not accept AROA150");
        assertThat(sink.delivered).doesNotContain("AROA150").contains("AROA0", "AROA299");
    }

    @Test
    void aFailedBatchStopsTheSendingOfLaterOnes() throws Exception {
        ConcurrentSink sink = new ConcurrentSink(2);
        sink.failOn = 0;
        EvaluationBatcher batcher = new EvaluationBatcher(sink, "token");
        for (int i = 0; i < 100; i++) {
            batcher.add(evaluation(i));
        }
        // The first batch has failed once the sink has seen it and let go of its slot.
        while (sink.seen.get() == 0 || sink.running.get() > 0) {
            Thread.onSpinWait();
        }

        assertThatThrownBy(() -> {
            for (int i = 100; i < 1000; i++) {
                batcher.add(evaluation(i));
            }
        }).isInstanceOf(DeliveryException.class);
        batcher.close();
        assertThat(sink.seen.get()).isLessThan(10);
    }

    @Test
    void nothingToReportStillSendsOneEmptyBatchToCloseTheToken() {
        ConcurrentSink sink = new ConcurrentSink(4);
        EvaluationBatcher batcher = new EvaluationBatcher(sink, "token");

        batcher.finish();

        assertThat(sink.sizes).containsExactly(0);
    }
}
