package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.AwsOperationException;
import io.github.crossaccountmfa.invocation.CallGuard;
import io.github.crossaccountmfa.invocation.EvaluationSink;
import io.github.crossaccountmfa.invocation.ResourceEvaluation;
import io.github.crossaccountmfa.invocation.DeliveryException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * AWS Config {@code PutEvaluations}. {@link AwsConfigApi} retries throttling, 5xx and connection errors as the SDK
 * does (adaptive mode);
 * evaluations that come back in {@code FailedEvaluations} are sent again with exponential backoff (all of the call's
 * evaluations when an entry matches none of them), and if some are still refused a {@link DeliveryException} lists
 * them. Every attempt is preceded by the invocation's {@link CallGuard}, which keeps the call's worst case (and the
 * backoff before a retry) in reserve. The result token {@code TESTMODE} sets {@code TestMode=true}.
 */
public final class ConfigEvaluationSink implements EvaluationSink {
    public static final String TEST_MODE_TOKEN = "TESTMODE";
    /**
     * PutEvaluations calls one invocation keeps in flight. Few: with the function's reserved concurrency (10) that
     * is at most 40 at once per account; when AWS Config throttles, the SDK's adaptive retry mode slows this
     * client down (its client-side rate limiter is shared by all threads).
     */
    public static final int CONCURRENT_CALLS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(ConfigEvaluationSink.class);

    /**
     * How {@code FailedEvaluations} are retried.
     *
     * @param maxAttempts    calls per batch, the first included
     * @param initialBackoff delay before the first retry; doubled each time, with jitter
     * @param maxBackoff     upper bound of a delay
     */
    public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public static final Retry DEFAULT = new Retry(4, Duration.ofMillis(250), Duration.ofSeconds(4));

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }

        Duration delay(int retry) {
            long base = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry - 1, 20));
            return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        }
    }

    /** Waits between retries (a fake in tests). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final AwsConfigApi config;
    private final Retry retry;
    private final Sleeper sleeper;
    private final CallGuard guard;
    private final Duration worstCase;
    private final int concurrency;

    /**
     * @param worstCase   the longest one PutEvaluations call can take, the SDK's retries included
     * @param concurrency calls one invocation may keep in flight (1: one after the other)
     */
    public ConfigEvaluationSink(AwsConfigApi config, Retry retry, Sleeper sleeper, CallGuard guard,
                                Duration worstCase, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.config = config;
        this.retry = retry;
        this.sleeper = sleeper;
        this.guard = guard;
        this.worstCase = worstCase;
        this.concurrency = concurrency;
    }

    /** With {@link #CONCURRENT_CALLS} calls in flight. */
    public ConfigEvaluationSink(AwsConfigApi config, Retry retry, Sleeper sleeper, CallGuard guard,
                                Duration worstCase) {
        this(config, retry, sleeper, guard, worstCase, CONCURRENT_CALLS);
    }

    /** Without a deadline. */
    public ConfigEvaluationSink(AwsConfigApi config, Retry retry, Sleeper sleeper) {
        this(config, retry, sleeper, CallGuard.NONE, Duration.ZERO);
    }

    public ConfigEvaluationSink(AwsConfigApi config) {
        this(config, Retry.DEFAULT, d -> Thread.sleep(d.toMillis()));
    }

    /** Safe from several threads: {@link AwsConfigApi} is, and each call keeps its state on its own stack. */
    @Override
    public int maxConcurrentCalls() {
        return concurrency;
    }

    @Override
    public void put(String resultToken, List<ResourceEvaluation> batch) {
        if (batch.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " evaluations per PutEvaluations call");
        }
        List<ResourceEvaluation> pending = batch;
        for (int attempt = 1; ; attempt++) {
            guard.beforeCall("Config PutEvaluations (" + pending.size() + " evaluations, attempt " + attempt + ")",
                    worstCase);
            List<String> failed = call(resultToken, pending);
            if (failed.isEmpty()) {
                return;
            }
            pending = match(failed, pending);
            if (attempt == retry.maxAttempts()) {
                List<String> ids = pending.stream().map(ResourceEvaluation::resourceId).toList();
                throw new DeliveryException("PutEvaluations did not accept " + ids.size() + " of " + batch.size()
                        + " evaluations after " + attempt + " attempts: " + AwsErrors.list(ids), ids);
            }
            Duration delay = retry.delay(attempt);
            guard.beforeCall("the PutEvaluations retry in " + delay.toMillis() + " ms", worstCase.plus(delay));
            LOG.warn("PutEvaluations did not accept {} evaluation(s) ({}); retrying in {} ms", pending.size(),
                    AwsErrors.list(pending.stream().map(ResourceEvaluation::resourceId).toList()), delay.toMillis());
            pause(delay, pending);
        }
    }

    /** One PutEvaluations call; the (type, id) keys AWS Config reports in {@code FailedEvaluations}. */
    private List<String> call(String resultToken, List<ResourceEvaluation> batch) {
        String request = AwsConfigApi.request(json -> {
            json.writeArrayFieldStart("Evaluations");
            for (ResourceEvaluation e : batch) {
                json.writeStartObject();
                json.writeStringField("ComplianceResourceType", e.resourceType());
                json.writeStringField("ComplianceResourceId", e.resourceId());
                json.writeStringField("ComplianceType", e.compliance().name());
                json.writeStringField("Annotation", e.annotation());
                AwsConfigApi.writeTimestamp(json, "OrderingTimestamp", e.orderingTimestamp());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("ResultToken", resultToken);
            json.writeBooleanField("TestMode", TEST_MODE_TOKEN.equals(resultToken));
        });
        try {
            JsonNode failed = config.call("PutEvaluations", request).path("FailedEvaluations");
            List<String> keys = new ArrayList<>();
            for (JsonNode f : failed) {
                keys.add(AwsConfigApi.text(f, "ComplianceResourceType").orElse("") + '\n'
                        + AwsConfigApi.text(f, "ComplianceResourceId").orElse(""));
            }
            return keys;
        } catch (SdkException e) {
            List<String> ids = batch.stream().map(ResourceEvaluation::resourceId).toList();
            throw new AwsOperationException("Config PutEvaluations failed"
                    + (ids.isEmpty() ? "" : " for " + ids.size() + " evaluations (" + AwsErrors.list(ids) + ")")
                    + ": " + AwsErrors.describe(e), null);
        }
    }

    /**
     * The evaluations of {@code sent} that AWS Config reported as failed (its echo identifies them by type and id);
     * all of {@code sent} when an entry matches none of them.
     */
    private static List<ResourceEvaluation> match(List<String> failed, List<ResourceEvaluation> sent) {
        Map<String, ResourceEvaluation> byKey = new LinkedHashMap<>();
        for (ResourceEvaluation e : sent) {
            byKey.put(e.resourceType() + '\n' + e.resourceId(), e);
        }
        Map<String, ResourceEvaluation> again = new LinkedHashMap<>();
        for (String key : failed) {
            ResourceEvaluation original = byKey.get(key);
            if (original == null) {
                // Something failed, and which evaluation cannot be known: send them all again rather than lose one.
                return sent;
            }
            again.put(key, original);
        }
        return List.copyOf(again.values());
    }

    private void pause(Duration delay, List<ResourceEvaluation> pending) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            List<String> ids = pending.stream().map(ResourceEvaluation::resourceId).toList();
            throw new DeliveryException("Interrupted while retrying PutEvaluations; not delivered: "
                    + AwsErrors.list(ids), ids);
        }
    }
}
