package io.github.crossaccountmfa.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.AwsRuleBackends;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import io.github.crossaccountmfa.invocation.Deadline;
import io.github.crossaccountmfa.invocation.MalformedEventException;
import io.github.crossaccountmfa.invocation.RuleBackend;
import io.github.crossaccountmfa.invocation.RuleEvent;
import io.github.crossaccountmfa.invocation.RuleException;
import io.github.crossaccountmfa.invocation.RuleRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The function AWS Config invokes. It reads the event JSON itself ({@link RuleEvent#fromJson}, the project's own
 * strict Jackson reader: the runtime client's event serialization, its Jackson and joda-time, stay unloaded),
 * then parses, evaluates, and reports with PutEvaluations (all of which {@link RuleRunner} does); an expected
 * failure is logged as one line and rethrown so that the invocation fails and AWS Config retries it. Nothing is
 * written to the response: AWS Config reads the evaluations, not the result.
 *
 * <p>The SDK clients are built when an event first needs them (a change event needs no IAM client). Under
 * SnapStart the priming hook ({@link Priming}) builds them before the snapshot instead, looks up the credentials,
 * and runs the whole parse, verdict and SDK path with every request signed and answered from memory.
 */
public final class ConfigRuleHandler implements RequestStreamHandler {
    /** The handler string for {@code template.yaml} and the Runtime Interface Client. */
    public static final String HANDLER = "io.github.crossaccountmfa.lambda.ConfigRuleHandler::handleRequest";
    /** Seconds a sweep keeps in reserve before the Lambda deadline (default 10). */
    public static final String SAFETY_MARGIN_VARIABLE = "SWEEP_SAFETY_MARGIN_SECONDS";
    /** PutEvaluations calls an invocation keeps in flight (default 4; 1 sends the batches one after the other). */
    public static final String CONCURRENCY_VARIABLE = "PUT_EVALUATIONS_CONCURRENCY";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigRuleHandler.class);

    private final RuleRunner runner;

    /** Used by the Lambda runtime: the container's backends, whose SDK clients are built on first use. */
    public ConfigRuleHandler() {
        this(Container.BACKENDS, safetyMargin(System.getenv(SAFETY_MARGIN_VARIABLE)));
    }

    ConfigRuleHandler(RuleBackend.Factory backends, Duration safetyMargin) {
        this.runner = new RuleRunner(backends, safetyMargin);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        MDC.clear();
        if (context != null && context.getAwsRequestId() != null) {
            MDC.put("requestId", context.getAwsRequestId());
        }
        try {
            runner.run(event(input), context == null ? Deadline.none() : context::getRemainingTimeInMillis);
        } catch (RuleException e) {
            LOG.error(e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure: " + e, e);
            throw e;
        } finally {
            MDC.clear();
        }
    }

    /** The event as Lambda delivers it: one JSON object (an empty body or {@code null} is no event). */
    static RuleEvent event(InputStream input) {
        String text;
        try {
            text = input == null ? "" : new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event", e);
        }
        if (text.isBlank() || text.strip().equals("null")) {
            throw new MalformedEventException("the event is empty");
        }
        return RuleEvent.fromJson(text);
    }

    static Duration safetyMargin(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return RuleRunner.DEFAULT_SAFETY_MARGIN;
        }
        try {
            long value = Long.parseLong(seconds.strip());
            if (value >= 0) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{}=\"{}\" is not a number of seconds; using {} s", SAFETY_MARGIN_VARIABLE, seconds,
                RuleRunner.DEFAULT_SAFETY_MARGIN.toSeconds());
        return RuleRunner.DEFAULT_SAFETY_MARGIN;
    }

    static int concurrency(String value) {
        if (value != null && !value.isBlank()) {
            try {
                int parsed = Integer.parseInt(value.strip());
                if (parsed >= 1 && parsed <= 10) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            LOG.warn("{}=\"{}\" is not a number from 1 to 10; using {}", CONCURRENCY_VARIABLE, value,
                    ConfigEvaluationSink.CONCURRENT_CALLS);
        }
        return ConfigEvaluationSink.CONCURRENT_CALLS;
    }

    /**
     * Per-container state, initialized when the runtime first constructs the handler (the init phase). Building
     * the backends builds no SDK client; the priming hook, registered here, builds them before a snapshot.
     */
    private static final class Container {
        static final AwsRuleBackends BACKENDS = new AwsRuleBackends(
                () -> AwsClients.fromEnvironment(Optional.empty(), AwsClients.Settings.DEFAULT, PrimingHttp::wrap),
                ConfigEvaluationSink.Retry.DEFAULT, concurrency(System.getenv(CONCURRENCY_VARIABLE)));
        static final Priming PRIMING = Priming.register(BACKENDS);

        private Container() {
        }
    }
}
