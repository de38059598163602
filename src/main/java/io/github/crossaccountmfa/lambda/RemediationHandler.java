package io.github.crossaccountmfa.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.AwsRemediation;
import io.github.crossaccountmfa.remediation.RemediationException;
import io.github.crossaccountmfa.remediation.RemediationJson;
import io.github.crossaccountmfa.remediation.RemediationReport;
import io.github.crossaccountmfa.remediation.RemediationRequest;
import io.github.crossaccountmfa.remediation.RoleRemediation;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The remediation function that the SSM Automation document invokes ({@code aws:invokeLambdaFunction}). Its input
 * is the step's {@code InputPayload} ({@link RemediationRequest}); its output is the {@link RemediationJson} object,
 * which the automation execution shows. A dry run unless {@code Apply} is true. A failure (unknown role, IAM error,
 * no verified fix) fails the invocation, and so the automation step, with a message that names the role.
 *
 * <p>Environment: {@code RULE_PARAMETERS} (the rule's parameters: the only source of them, a payload cannot override
 * them) and {@code NOTIFICATION_TOPIC_ARN} (optional SNS topic told about applied changes).
 */
public final class RemediationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** The handler string for {@code template.yaml}. */
    public static final String HANDLER = "io.github.crossaccountmfa.lambda.RemediationHandler::handleRequest";
    public static final String RULE_PARAMETERS_VARIABLE = "RULE_PARAMETERS";
    public static final String TOPIC_VARIABLE = "NOTIFICATION_TOPIC_ARN";

    private static final Logger LOG = LoggerFactory.getLogger(RemediationHandler.class);

    private final Function<VerdictEngine, RoleRemediation> remediations;
    private final Optional<String> configuredParameters;

    /** Used by the Lambda runtime: clients from the default chains, settings from the environment. */
    public RemediationHandler() {
        this(AwsRemediation.using(AwsClients.fromEnvironment(Optional.empty()),
                        Optional.ofNullable(System.getenv(TOPIC_VARIABLE)))::with,
                Optional.ofNullable(System.getenv(RULE_PARAMETERS_VARIABLE)));
    }

    RemediationHandler(Function<VerdictEngine, RoleRemediation> remediations, Optional<String> configuredParameters) {
        this.remediations = remediations;
        this.configuredParameters = configuredParameters;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        MDC.clear();
        if (context != null && context.getAwsRequestId() != null) {
            MDC.put("requestId", context.getAwsRequestId());
        }
        try {
            RemediationRequest request = RemediationRequest.fromPayload(input, configured());
            MDC.put("resourceId", request.role().describe());
            RemediationReport report = remediations.apply(new VerdictEngine(request.parameters()))
                    .run(request.role(), request.apply());
            LOG.info("Role {} ({}): {} -> {}; changed={} applied={}", report.roleName(), report.roleId(),
                    report.before().compliance(), report.after().compliance(), report.changed(), report.applied());
            return RemediationJson.toMap(report);
        } catch (RemediationException e) {
            LOG.error(e.getMessage());
            throw e;
        } finally {
            MDC.clear();
        }
    }

    private RuleParameters configured() {
        try {
            return RuleParameters.parse(configuredParameters.orElse(""));
        } catch (ParameterException e) {
            throw new RemediationException("the function's " + RULE_PARAMETERS_VARIABLE + " variable: "
                    + e.getMessage() + "; nothing was changed", e);
        }
    }
}
