package io.github.crossaccountmfa.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.AwsRuleBackends;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import io.github.crossaccountmfa.invocation.Deadline;
import io.github.crossaccountmfa.invocation.MalformedEventException;
import io.github.crossaccountmfa.invocation.RuleBackend;
import io.github.crossaccountmfa.invocation.RuleEvent;
import io.github.crossaccountmfa.invocation.RuleException;
import io.github.crossaccountmfa.invocation.RuleRunner;
import java.time.Duration;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The function AWS Config invokes. It parses the event, evaluates, and reports with PutEvaluations (all of which
 * {@link RuleRunner} does); an expected failure is logged as one line and rethrown so that the invocation fails
 * and AWS Config retries it.
 *
 * <p>The SDK clients are built once per container, in the init phase, and a SnapStart priming hook
 * ({@link Priming}) runs the parsing and verdict path before the snapshot.
 */
public final class ConfigRuleHandler implements RequestHandler<ConfigEvent, Void> {
    /** The handler string for {@code template.yaml} and the Runtime Interface Client. */
    public static final String HANDLER = "io.github.crossaccountmfa.lambda.ConfigRuleHandler::handleRequest";
    /** Seconds a sweep keeps in reserve before the Lambda deadline (default 10). */
    public static final String SAFETY_MARGIN_VARIABLE = "SWEEP_SAFETY_MARGIN_SECONDS";

    private static final Logger LOG = LogManager.getLogger(ConfigRuleHandler.class);

    private final RuleRunner runner;

    /** Used by the Lambda runtime: the container's SDK clients, built in the init phase. */
    public ConfigRuleHandler() {
        this(Container.BACKENDS, safetyMargin(System.getenv(SAFETY_MARGIN_VARIABLE)));
    }

    ConfigRuleHandler(RuleBackend.Factory backends, Duration safetyMargin) {
        this.runner = new RuleRunner(backends, safetyMargin);
    }

    @Override
    public Void handleRequest(ConfigEvent event, Context context) {
        ThreadContext.clearMap();
        if (context != null && context.getAwsRequestId() != null) {
            ThreadContext.put("requestId", context.getAwsRequestId());
        }
        try {
            if (event == null) {
                throw new MalformedEventException("the event is empty");
            }
            runner.run(ruleEvent(event), context == null ? Deadline.none() : context::getRemainingTimeInMillis);
            return null;
        } catch (RuleException e) {
            LOG.error(e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure: " + e, e);
            throw e;
        } finally {
            ThreadContext.clearMap();
        }
    }

    static RuleEvent ruleEvent(ConfigEvent event) {
        return new RuleEvent(event.getInvokingEvent(), event.getRuleParameters(), event.getResultToken(),
                event.getEventLeftScope(), event.getExecutionRoleArn(), event.getConfigRuleArn(),
                event.getConfigRuleName(), event.getConfigRuleId(), event.getAccountId(), event.getVersion());
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

    /** Per-container state, initialized when the runtime first constructs the handler (the init phase). */
    private static final class Container {
        static final AwsRuleBackends BACKENDS = new AwsRuleBackends(
                () -> AwsClients.fromEnvironment(Optional.empty()), ConfigEvaluationSink.Retry.DEFAULT).warmUp();
        static final Priming PRIMING = Priming.register();

        private Container() {
        }
    }
}
